package uncertainty

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
)

// An analysis can be split into K shards, shard I running the draws i
// with i mod K = I (on other machines, or as the tasks of a Slurm job
// array), and merged: the merged outcome is the one Run gives, so every
// file made from it is byte for byte the single machine's. A shard's file
// holds its runs in draws.csv's form, under two lines that identify the
// analysis (a digest of its scenarios, seeds and design) and list the
// metrics in order.

// ShardFile is the name of shard i of k's file.
func ShardFile(i, k int) string { return fmt.Sprintf("uncertainty-shard-%d-of-%d.csv", i, k) }

// digest identifies the analysis a shard belongs to: its scenarios'
// names and configurations, its seeds and its design.
func (s *Setup) digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%q %v %d\n", s.Names, s.Seeds, s.Design.N())
	for i := range s.Configs {
		ps, err := json.Marshal(provenance.ParametersOf(&s.Configs[i]))
		if err != nil {
			panic(err) // plain values always encode
		}
		h.Write(ps)
	}
	h.Write(s.Design.DesignCSV())
	return hex.EncodeToString(h.Sum(nil))
}

// WriteShard runs shard i of k of the analysis (RunShard) and writes its
// file, whole or not at all, into dir; it returns the file's path.
func WriteShard(ctx context.Context, s *Setup, dir string, i, k, workers int, done func()) (string, error) {
	data, err := RunShard(ctx, s, i, k, workers, done)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, ShardFile(i, k))
	return path, runner.WriteFile(path, data)
}

// RunShard runs shard i of k of the analysis on up to workers goroutines
// and returns its file's contents. done is called after each run.
func RunShard(ctx context.Context, s *Setup, i, k, workers int, done func()) ([]byte, error) {
	if k < 1 || i < 0 || i >= k || k > s.Design.N() {
		return nil, inputErrorf("--shard %d/%d: want 0 ≤ I < K ≤ %d draws", i, k, s.Design.N())
	}
	var draws []int
	for d := i; d < s.Design.N(); d += k {
		draws = append(draws, d)
	}
	nd, r := len(draws), len(s.Seeds)
	flat, err := runDraws(ctx, s.Design, s.Configs, s.Seeds, draws, workers, done)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, m := range flat[0] {
		names = append(names, m.Name)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# nhssim uncertainty shard %d of %d, analysis %s\n# metrics %s\n", i, k, s.digest(), strings.Join(names, " "))
	b.WriteString("draw,scenario,replicate,seed,metric,value\n")
	for j, run := range flat {
		sc, d, rep := j/(nd*r), draws[j/r%nd], j%r
		for _, m := range run {
			v := "" // undefined
			if !math.IsNaN(m.Value) {
				v = strconv.FormatFloat(m.Value, 'g', -1, 64)
			}
			fmt.Fprintf(&b, "%d,%d,%d,%d,%s,%s\n", d+1, sc, rep+1, s.Seeds[rep], m.Name, v)
		}
	}
	return b.Bytes(), nil
}

// MergeShards merges the files of all k shards of the analysis (files[i]
// is shard i's) into its outcome. A missing, damaged or foreign shard is
// an *InputError that names it.
func MergeShards(s *Setup, files [][]byte) (*Outcome, error) {
	k, n, r := len(files), s.Design.N(), len(s.Seeds)
	digest := s.digest()
	flat := make([][]nhs.Metric, len(s.Configs)*n*r)
	var order []string
	for i, data := range files {
		name := ShardFile(i, k)
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		var head []string
		for len(head) < 3 && sc.Scan() {
			head = append(head, sc.Text())
		}
		if len(head) < 3 || head[0] != fmt.Sprintf("# nhssim uncertainty shard %d of %d, analysis %s", i, k, digest) ||
			!strings.HasPrefix(head[1], "# metrics ") || head[2] != "draw,scenario,replicate,seed,metric,value" {
			return nil, inputErrorf("%s is not shard %d of %d of this analysis (another command, scenario, seed or design made it, or it is damaged)", name, i, k)
		}
		metrics := strings.Fields(strings.TrimPrefix(head[1], "# metrics "))
		if order == nil {
			order = metrics
		} else if !slices.Equal(order, metrics) {
			return nil, inputErrorf("%s lists other metrics than shard 0", name)
		}
		have := map[int]map[string]float64{}
		for sc.Scan() {
			f := strings.Split(sc.Text(), ",")
			if len(f) != 6 {
				return nil, inputErrorf("%s: a damaged row: %q", name, sc.Text())
			}
			d, e1 := strconv.Atoi(f[0])
			scen, e2 := strconv.Atoi(f[1])
			rep, e3 := strconv.Atoi(f[2])
			v, e4 := parseNum(f[5])
			if e1 != nil || e2 != nil || e3 != nil || e4 != nil || d < 1 || d > n || (d-1)%k != i || scen < 0 || scen >= len(s.Configs) || rep < 1 || rep > r {
				return nil, inputErrorf("%s: a damaged row: %q", name, sc.Text())
			}
			j := (scen*n+d-1)*r + rep - 1
			if have[j] == nil {
				have[j] = map[string]float64{}
			}
			have[j][f[4]] = v
		}
		if err := sc.Err(); err != nil {
			return nil, inputErrorf("%s: %v", name, err)
		}
		for j, vals := range have {
			run := make([]nhs.Metric, len(order))
			for m, name := range order {
				v, ok := vals[name]
				if !ok {
					v = math.NaN()
				}
				run[m] = nhs.Metric{Name: name, Value: v}
			}
			flat[j] = run
		}
	}
	for j, run := range flat {
		if run == nil {
			d := j / r % n
			return nil, inputErrorf("%s lacks draw %d of %s, replicate %d: unfinished or damaged", ShardFile(d%k, k), d+1, s.Names[j/(n*r)], j%r+1)
		}
	}
	return collect(s.Design, s.Names, s.Seeds, flat), nil
}

// MergeShardsIn reads the files of all k shards of the analysis from dir
// and merges them. A missing shard is an error that names every one
// missing.
func MergeShardsIn(dir string, s *Setup, k int) (*Outcome, error) {
	files := make([][]byte, k)
	var missing []string
	for i := range k {
		data, err := os.ReadFile(filepath.Join(dir, ShardFile(i, k)))
		if err != nil {
			missing = append(missing, ShardFile(i, k))
		}
		files[i] = data
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: %s missing: run them with --shard I/%d first", dir, strings.Join(missing, ", "), k)
	}
	return MergeShards(s, files)
}
