package nhs

import "math"

// episodeCosts books the transaction costs of one hospital episode: under
// activity payment an invoice line and perhaps a dispute, which also costs
// trust; and defensive work (duplicate tests, extra referrals) that falls
// with trust and is halved by shared records.
func (m *model) episodeCosts(h int32) {
	now := m.k.Now()
	hp := &m.hospitals[h]
	c := &m.cfg.Contracts
	if c.Payment == PaymentActivity {
		disputed := hp.contracts.Bernoulli(c.DisputeProbability)
		m.stats.invoiced(now, disputed)
		// Each dispute takes a share of trust inversely proportional to
		// the hospital's volume, so that trust follows the disputed share
		// of episodes, not the hospital's size.
		if disputed && hp.episodes > 0 {
			hp.trust *= math.Exp(-c.DisputeTrustLoss / hp.episodes)
		}
	}
	dup := m.cfg.Costs.DuplicateTestCost * (1 - hp.trust)
	if m.cfg.Discharge.SharedRecords {
		dup /= 2
	}
	m.stats.defensiveWork(now, dup)
}

// tender re-tenders practice g's contract. If the incumbent loses, the
// practice changes hands: a share of its GPs leave, every patient's
// relationship with their usual GP starts again, and its trust with social
// care returns to where a new relationship starts.
func (m *model) tender(g, _ int32) {
	p := &m.practices[g]
	c := &m.cfg.Contracts
	now := m.k.Now()
	if !c.Tendering {
		return // tendering stopped on the timeline
	}
	m.k.After(c.TenderCycleYears*DaysPerYear, 0, evTender, g, 0)
	value := c.PracticeFundingPerHead * float64(p.size) * c.TenderCycleYears
	lost := p.tenders.Bernoulli(c.IncumbentLossProbability)
	leavers := 0
	for j := p.gp0; j < p.gp0+p.k; j++ {
		if p.tenders.Bernoulli(c.StaffLossOnChange) && lost {
			if m.sessions {
				m.vacate(j, now) // counted as a leaver there
			} else {
				leavers++
			}
		}
	}
	m.stats.tendered(now, value*c.TenderCostShare, lost, leavers)
	if !lost {
		return
	}
	for i := p.first; i < p.first+p.size; i++ {
		// A patient whose preferred GP has left keeps no one (restarting
		// their relationship would revive it with the post's next GP).
		if m.preferred(g, i) {
			m.pt.gp[i].relStart = float32(now)
		}
	}
	p.trust, p.trustAt = m.cfg.Trust.Initial, now
}
