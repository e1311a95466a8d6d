package uncertainty

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"

	"github.com/nhssim/nhssim/sim/nhs"
)

// Sample is a calibration's non-implausible sample: points of the
// calibrated parameters that history matching did not rule out, to draw
// those parameters from jointly, so that every draw still meets the
// calibration targets.
type Sample struct {
	File   string
	Params []nhs.Param
	Rows   [][]float64 // Rows[k][j]: point k's value of Params[j]
}

// regionFile matches the names of calibrate.RegionFile.
var regionFile = regexp.MustCompile(`^wave-(\d+)-nonimplausible\.csv$`)

// ReadSample reads the last wave's non-implausible region that 'nhssim
// calibrate' wrote in dir. Every column but the last (the implausibility)
// must be a single-number parameter of the registry and every value within
// its domain; errors name the file and line.
func ReadSample(dir string) (*Sample, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	last, name := -1, ""
	for _, e := range entries {
		if m := regionFile.FindStringSubmatch(e.Name()); m != nil {
			if w, _ := strconv.Atoi(m[1]); w > last {
				last, name = w, e.Name()
			}
		}
	}
	if name == "" {
		return nil, fmt.Errorf("%s holds no wave-N-nonimplausible.csv: give the --out directory of 'nhssim calibrate'", dir)
	}
	file := filepath.Join(dir, name)
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return ParseSample(file, data)
}

// ParseSample reads a non-implausible region's CSV (see [ReadSample]).
func ParseSample(file string, data []byte) (*Sample, error) {
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if len(recs) < 2 || len(recs[0]) < 2 || recs[0][len(recs[0])-1] != "implausibility" {
		return nil, fmt.Errorf("%s:1: want a header of parameter paths and implausibility, and at least one point (as 'nhssim calibrate' writes); the region may be empty", file)
	}
	s := &Sample{File: file}
	params := map[string]nhs.Param{}
	for _, p := range nhs.Params() {
		params[p.Path] = p
	}
	var errs []error
	head := recs[0][:len(recs[0])-1]
	for _, path := range head {
		p, ok := params[path]
		if !ok || p.Len > 0 || p.Kind == reflect.Bool || p.Kind == reflect.String || p.Kind == reflect.Slice {
			errs = append(errs, fmt.Errorf("%s:1: %s: not a single-number parameter of the registry", file, path))
		}
		s.Params = append(s.Params, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for k, rec := range recs[1:] {
		row := make([]float64, len(head))
		for j := range head {
			x, err := strconv.ParseFloat(rec[j], 64)
			if err != nil || math.IsNaN(x) || !s.Params[j].Domain.Contains(x) {
				errs = append(errs, fmt.Errorf("%s:%d: %s: %q is not a value it can take", file, k+2, head[j], rec[j]))
			}
			row[j] = x
		}
		s.Rows = append(s.Rows, row)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}
