package classroom

import (
	"fmt"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/docs"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// uncertaintyOut is what an uncertainty analysis of the answer's own pair
// found, shown under the answer: a heading that says where it is from
// (its size and draws), one line a headline, and the command that made it.
type uncertaintyOut struct {
	Heading string   `json:"heading"`
	Lines   []string `json:"lines"`
	Command string   `json:"command,omitempty"`
}

// defaultQuoted reads the analysis in docs (docs/uncertainty-default*),
// embedded in the binary.
func defaultQuoted() (*uncertainty.Quoted, error) {
	return uncertainty.ReadQuotedFS(docs.UncertaintyDefault, docs.UncertaintyDefaultPrefix)
}

// quote is the server's uncertainty analysis quoted for this job's answer,
// or nil unless the job compares exactly the analysis's pair, baseline
// first: both scenarios' resolved parameters equal to the analysis's but
// for their names, seed, size and length (uncertainty.Quoted.Compares).
// A changed lever, an uploaded scenario that differs in any parameter, or
// an analysis made before the model gained a parameter or changed a
// default, is quoted nowhere. It is added to an answer as it is sent, never
// stored with it, so the cached and embedded answers do not depend on it.
func (s *Server) quote(job *cmpreport.Job) *uncertaintyOut {
	q, scs := s.quoted, job.Scenarios()
	if q == nil || len(q.Scenarios) != 2 || len(scs) != 2 || q.Compares(&scs[0].Config, &scs[1].Config) != nil {
		return nil
	}
	base, other := q.Scenarios[0], q.Scenarios[1]
	sums, err := q.Pair(other.Name, base.Name)
	if err != nil {
		return nil
	}
	size := ""
	if patients, ok := base.Parameters["population.patients"].(float64); ok {
		size = " of " + cmpreport.Group(patients) + " patients"
		if years, ok := base.Parameters["run.years"].(float64); ok {
			size += fmt.Sprintf(" over %g years", years)
		}
	}
	out := &uncertaintyOut{
		Heading: fmt.Sprintf("What the model does not know: an earlier uncertainty analysis of this same pair (the shipped %s and %s, run%s), %d parameter draws × %d replicates, drew the uncertain parameters from their plausible ranges. It found:",
			base.Name, other.Name, size, sums[0].Draws, sums[0].Replicates),
		Command: q.Command,
	}
	for _, sm := range sums {
		out.Lines = append(out.Lines, sm.Short())
	}
	return out
}

// quotesDefaultPair says why the page's default pair quotes no uncertainty
// analysis (the analysis is of another pair, or predates a parameter or a
// default of the model as it is now), or nil if it does.
func (s *Server) quotesDefaultPair() error {
	_, job, err := s.check(defaultRequest(s.opt))
	if err != nil {
		return err
	}
	scs := job.Scenarios()
	return s.quoted.Compares(&scs[0].Config, &scs[1].Config)
}
