package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
)

// episodeCosts books the transaction costs of one hospital episode: under
// activity payment an invoice line and perhaps a dispute, which also costs
// trust; and defensive work (duplicate tests, extra referrals) that falls
// with trust and is halved by shared records once fully adopted.
func (m *model) episodeCosts(h int32) {
	now := m.k.Now()
	hp := &m.hospitals[h]
	c := &m.cfg.Contracts
	if c.Payment == PaymentActivity {
		disputed := hp.contracts.Bernoulli(c.DisputeProbability)
		m.stats.invoiced(now, disputed)
		m.money.spent += c.InvoiceCost
		if disputed {
			m.money.spent += c.DisputeCost
		}
		// Each dispute takes a share of trust inversely proportional to
		// the hospital's volume, so that trust follows the disputed share
		// of episodes, not the hospital's size.
		if disputed && hp.episodes > 0 {
			hp.trust *= pmath.Exp(-c.DisputeTrustLoss / hp.episodes)
		}
	}
	dup := m.cfg.Costs.DuplicateTestCost * (1 - hp.trust) * (1 - m.adoption()/2)
	m.stats.defensiveWork(now, dup)
	m.money.spent += dup
}

// tender re-tenders practice g's contract at the end of its term.
func (m *model) tender(g, _ int32) {
	if !m.cfg.Contracts.Tendering {
		return // tendering stopped on the timeline
	}
	m.k.After(m.cfg.Contracts.TenderCycleYears*DaysPerYear, 0, evTender, g, 0)
	m.tenderContract(g, false)
}

// bid is a bid for a practice contract: the bidder's log quality and cost
// (relative to the contract's reference value), the price it asks and the
// commissioner's score of it.
type bid struct{ lq, cost, price, score float64 }

// tenderContract runs a tender for practice g's contract: the incumbent
// (unless it has just exited) and tenders.bidders entrants bid; each asks
// its cost as it estimates it plus a margin, and the commissioner scores
// each bid on the quality it sees (with error) and the price. If an entrant
// wins, the practice changes hands: a share of its GPs leave, ending their
// patients' relationships, the others' patients keep theirs or start again
// (see transferRelationships), and its trust with social care returns to
// where a new relationship starts. The winner
// is paid its price; below its cost it runs down its reserves (see review).
func (m *model) tenderContract(g int32, exited bool) {
	p := &m.practices[g]
	c := &m.cfg.Contracts
	t := &m.cfg.Tenders
	now := m.k.Now()
	value := c.PracticeFundingPerHead * float64(p.size) * c.TenderCycleYears
	s := &p.tenders
	offer := func(lq, cost float64) bid {
		price := cost * pmath.Exp(t.CostEstimateSD*norm(s)) * (1 + t.BidMargin)
		seen := lq + t.QualityObservationSD*norm(s)
		return bid{lq, cost, price, -t.QualityWeight*seen - (1-t.QualityWeight)*pmath.Log(price)}
	}
	best := bid{score: math.Inf(-1)}
	if !exited {
		best = offer(p.lq, p.cost)
		best.score += t.IncumbentAdvantage
	}
	won := false
	for range t.Bidders {
		lq := drawLogQuality(s, m.cfg.Providers.PracticeQualitySD)
		if b := offer(lq, pmath.Exp(-t.QualityCost*lq)); b.score > best.score {
			best, won = b, true
		}
	}
	if !won && exited {
		// No entrant bid: a caretaker provider like the last takes over.
		best, won = bid{lq: p.lq, cost: p.cost, price: p.cost}, true
	}
	leavers := 0
	var left []bool // with queue booking, the posts whose GP left, by slot
	for j := p.gp0; j < p.gp0+p.k; j++ {
		if s.Bernoulli(c.StaffLossOnChange) && won {
			if m.sessions {
				m.vacate(j, now) // counted as a leaver there
			} else {
				if left == nil {
					left = make([]bool, p.k)
				}
				leavers++
				left[j-p.gp0] = true
			}
		}
	}
	better := won && best.lq < p.lq
	m.stats.tendered(now, value*c.TenderCostShare, won, better, leavers)
	m.money.spent += value * c.TenderCostShare
	p.price, p.reserve = best.price, t.ExitReserve
	if !won {
		return
	}
	p.cost = best.cost
	m.setPracticeQuality(g, best.lq)
	m.transferRelationships(g, s, left, now)
	p.trust, p.trustAt = m.cfg.Trust.Initial, now
}

// transferRelationships carries practice g's patients' relationships with
// their usual GPs across a change of contract holder: a relationship with a
// GP who stays carries on with probability relationship_kept_on_transfer
// and otherwise starts again now. With session booking a GP who left has
// already vacated their post, and their patients keep no one (restarting
// their relationship would revive it with the post's next GP); with queue
// booking the post's next GP takes over at once, so the relationships of
// the posts marked in left start again. Draws come from s only when
// the share is strictly between 0 and 1, so that either end leaves every
// other draw as it was.
func (m *model) transferRelationships(g int32, s *sim.Stream, left []bool, now float64) {
	p := &m.practices[g]
	kept := m.cfg.Contracts.RelationshipKept
	for i := range p.active() {
		if !m.preferred(g, i) {
			continue
		}
		pref := int(m.pt.gp[i].pref)
		gone := pref < len(left) && left[pref]
		switch {
		case gone, kept == 0:
		case kept == 1:
			continue
		case s.Bernoulli(kept):
			continue
		}
		m.pt.gp[i].relStart = float32(now)
	}
}
