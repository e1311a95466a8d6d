package nhs

import (
	"math"
	"reflect"

	"github.com/nhssim/nhssim/sim"
)

// stats accumulates the window statistics and the monthly series.
type stats struct {
	warmup, horizon float64
	months          int

	Consultations, Usual int64
	GpWait               float64
	Admissions, Acsc     int64
	AdmByDep             [NDep]int64
	Granted              int64
	BedWait              float64
	Discharges           int64
	StayDays             float64
	Packages             int64
	GpLeavers            int64
	Readmissions         int64
	Handoffs             int64
	BoundaryHandoffs     int64
	LostHandoffs         int64
	StepUps, StepDowns   int64
	Electives            int64 // overnight elective admissions
	Treated              int64 // completed elective pathways
	Referrals            int64
	ElectiveWait         float64
	Deaths, Specialist   int64 // deaths within 30 days of an emergency admission; specialist admissions
	MortalityBase        int64 // emergency admissions that count for mortality: stays of a day or more, and deaths
	Cancellations        int64
	Invoices, Disputes   int64
	Tenders, Changes     int64
	BetterChanges        int64   // changes of hands to a provider of better quality
	Exits                int64   // providers whose finances failed and who left (practice contract holders and hospitals)
	HospitalFailures     int64   // hospitals whose losses exceeded their reserves and support (bailed out or exited)
	Entries              int64   // new elective providers that opened
	Reviews, Supported   int64   // hospitals' financial reviews; those that ended in debt to the regulator
	Balance, BalanceSq   float64 // sums over reviews of a hospital's balance (income less cost, a share of its reference income a year) and its square
	Bailouts, ExitCost   float64 // £ paid to restore failed hospitals' reserves; one-off costs of hospital exits
	EntrantCost          float64 // £ of entrants' contracts
	ChoiceSets           int64   // summed choice-set sizes of the window's referrals
	TenderCost, Defense  float64
	Budget               float64 // budget less spending in the window, £
	PoolCost             float64 // what the care capacity a pooled budget bought cost in the window, £
	PoolStepUpCost       float64 // what the step-up places a pooled budget bought cost in the window, £
	MDTCost              float64 // what the caseload of patients found by multidisciplinary review cost in the window, £
	MDTReviews           float64 // multidisciplinary reviews in the window
	MDTHighRisk          int64   // sampled high-risk patients (integration.mdt_*), monthly in the window
	MDTFoundHighRisk     int64   // and those of them case-managed after a review
	PackageHours         float64 // hours a week of the pathway 1 packages started in the window
	Events               int64   // over the whole run
	GpUnmet              int64   // requests with no free appointment in reach
	Mergers, Closures    int64   // practice take-overs in the window
	Moved, Replaced      int64   // patients who moved away, and who died, replaced by newcomers in the window
	GrowthLost           int64   // newcomers from list growth with no reserve place left (over the run)
	// Days of the window before newcomers from list growth registered:
	// in all, by age band and by deprivation quintile.
	Missing      float64
	MissingByAge [NAges]float64
	MissingByDep [NDep]float64
	AcscByAge    [NAges]int64
	DeathsByAge  [NAges]int64 // deaths (as Deaths) by age band

	// The ambulance service (ambulance.service): incidents by outcome,
	// responses by category (count and minutes), handovers (count,
	// minutes, and those over 60 minutes), by the time of the call or the
	// arrival at the department.
	AmbOutcomes   [nOutcomes]int64
	AmbResponses  [nCategories]int64
	AmbResponse   [nCategories]float64
	Handovers     int64
	HandoverDelay float64
	Handovers60   int64

	// Mental health beds (mental_health.service): out-of-area placements
	// started in the window and their placement-days (counted in full at
	// the start); mental health beds occupied and available.
	MHPlacements int64
	MHOutDays    float64
	mhOcc, mhCap sim.Level

	// Out-of-hours general practice (out_of_hours.service): contacts and
	// overflows by the time of the request, admissions after a contact by
	// their time.
	OOHContacts, OOHOverflow, OOHAdmissions int64

	// delayed is the number of medically fit patients in beds.
	beds, delayed, list sim.Level
	// Discharges by pathway, their summed waits from medically fit to
	// leaving the bed (by discharge time), places held and places open.
	FitN    [nPathways]int64
	FitWait [nPathways]float64
	// FitDays is the time medically fit patients spent in beds beyond the
	// ward's own work, by reason, counted when each part is known (a process
	// time when drawn, a queue's wait when the place is taken).
	FitDays        [nReasons]float64
	care, capacity [nPathways]sim.Level
	bedCap         sim.Level // beds in the stock
	escalated      sim.Level // winter escalation beds open (among bedCap)

	// monthly, indexed by month from the start of the run
	MConsultations, MUsual, MGPWait []float64
	MAdmissions, MACSC              []float64
	MElectives, MCancellations      []float64
	MGranted, MBedWait              []float64
	MPackages                       []float64
	MDeaths, MMortalityBase         []float64
	MFitN, MFitWait                 []float64
	// MDeathsByAge is MDeaths by age band, for the QALYs they lose.
	MDeathsByAge [NAges][]float64
}

func (s *stats) init(m *model) {
	s.warmup, s.horizon = m.warmup, m.horizon
	s.months = int(math.Ceil(s.horizon/DaysPerMonth - 1e-9))
	mk := func() []float64 { return make([]float64, s.months) }
	s.MConsultations, s.MUsual, s.MGPWait = mk(), mk(), mk()
	s.MAdmissions, s.MACSC = mk(), mk()
	s.MElectives, s.MCancellations = mk(), mk()
	s.MGranted, s.MBedWait = mk(), mk()
	s.MPackages, s.MDeaths, s.MMortalityBase = mk(), mk(), mk()
	s.MFitN, s.MFitWait = mk(), mk()
	for a := range s.MDeathsByAge {
		s.MDeathsByAge[a] = mk()
	}
	for k := range nPathways {
		s.care[k], s.capacity[k] = s.monthly(), s.monthly()
	}
	s.list, s.beds, s.bedCap, s.delayed = s.monthly(), s.monthly(), s.monthly(), s.monthly()
	s.mhOcc, s.mhCap = sim.Level{From: s.warmup, To: s.horizon}, sim.Level{From: s.warmup, To: s.horizon}
	s.escalated = s.monthly()
}

// monthly is a level integrated over the window, by month.
func (s *stats) monthly() sim.Level {
	return sim.Level{From: s.warmup, To: s.horizon, Width: DaysPerMonth, Buckets: make([]float64, s.months)}
}

func (s *stats) month(t float64) int {
	return min(int(t/DaysPerMonth), s.months-1)
}

func (s *stats) consultation(now, wait float64, usual bool) {
	i := s.month(now)
	s.MConsultations[i]++
	s.MGPWait[i] += wait
	if usual {
		s.MUsual[i]++
	}
	if now >= s.warmup {
		s.Consultations++
		s.GpWait += wait
		if usual {
			s.Usual++
		}
	}
}

func (s *stats) admission(now float64, typ uint8, acsc, readmitted bool) {
	i := s.month(now)
	s.MAdmissions[i]++
	if acsc {
		s.MACSC[i]++
	}
	if now >= s.warmup {
		s.Admissions++
		s.AdmByDep[depOf(typ)]++
		if acsc {
			s.Acsc++
			s.AcscByAge[ageOf(typ)]++
		}
		if readmitted {
			s.Readmissions++
		}
	}
}

func (s *stats) bedGranted(now, wait float64) {
	s.beds.Add(now, +1)
	i := s.month(now)
	s.MGranted[i]++
	s.MBedWait[i] += wait
	if now >= s.warmup {
		s.Granted++
		s.BedWait += wait
	}
}

// discharged records the end of an emergency patient's time in a bed and
// the organisational hand-offs of their episode.
func (s *stats) discharged(now, stay float64, handoffs int) {
	if now >= s.warmup {
		s.Discharges++
		s.StayDays += stay
		s.Handoffs += int64(handoffs)
	}
}

func (s *stats) bedsChange(now, delta float64) { s.beds.Add(now, delta) }

func (s *stats) handOff(now float64, lost bool) {
	if now >= s.warmup {
		s.BoundaryHandoffs++
		if lost {
			s.LostHandoffs++
		}
	}
}

// tally adds one to the count n if now is inside the statistics window.
func (s *stats) tally(now float64, n *int64) {
	if now >= s.warmup {
		*n++
	}
}

func (s *stats) steppedUp(now float64) { s.tally(now, &s.StepUps) }

func (s *stats) steppedDown(now float64) { s.tally(now, &s.StepDowns) }

func (s *stats) electiveAdmitted(now float64) {
	s.beds.Add(now, +1)
	s.MElectives[s.month(now)]++
	if now >= s.warmup {
		s.Electives++
	}
}

// electiveTreated records, at now, a completed elective pathway treated at
// time t, and its wait.
func (s *stats) electiveTreated(now, t, wait float64) {
	s.list.Add(now, -1)
	if t >= s.warmup {
		s.Treated++
		s.ElectiveWait += wait
	}
}

// incident records a 999 incident and its outcome.
func (s *stats) incident(now float64, outcome int) {
	if now >= s.warmup {
		s.AmbOutcomes[outcome]++
	}
}

// responded records the response, days after the call at since, to an
// incident of category cat.
func (s *stats) responded(since float64, cat int, days float64) {
	if since >= s.warmup {
		s.AmbResponses[cat]++
		s.AmbResponse[cat] += days * minutesPerDay
	}
}

// handedOver records a handover that took days from the ambulance's
// arrival at the department at since.
func (s *stats) handedOver(since, days float64) {
	if since >= s.warmup {
		s.Handovers++
		s.HandoverDelay += days * minutesPerDay
		if days*minutesPerDay > 60 {
			s.Handovers60++
		}
	}
}

func (s *stats) listChange(now, delta float64) { s.list.Add(now, delta) }

func (s *stats) referred(now float64, choices int) {
	s.list.Add(now, +1)
	if now >= s.warmup {
		s.Referrals++
		s.ChoiceSets += int64(choices)
	}
}

// exited records a provider whose finances failed.
func (s *stats) exited(now float64) { s.tally(now, &s.Exits) }

// hospitalFailed records a hospital whose losses exceeded its reserves.
func (s *stats) hospitalFailed(now float64) { s.tally(now, &s.HospitalFailures) }

// reviewed records a hospital's financial review: its balance (income
// less cost a year, a share of its reference income) and whether it ended
// in debt to the regulator.
func (s *stats) reviewed(now, balance float64, debt bool) {
	if now < s.warmup {
		return
	}
	s.Reviews++
	s.Balance += balance
	s.BalanceSq += balance * balance
	if debt {
		s.Supported++
	}
}

// bailedOut records what the commissioner paid to restore a failed
// hospital's reserves.
func (s *stats) bailedOut(now, cost float64) {
	if now >= s.warmup {
		s.Bailouts += cost
	}
}

// exitedHospital records a failed hospital's exit and its one-off cost.
func (s *stats) exitedHospital(now, cost float64) {
	if now >= s.warmup {
		s.Exits++
		s.ExitCost += cost
	}
}

// entered records a new elective provider opening.
func (s *stats) entered(now float64) { s.tally(now, &s.Entries) }

// entrantCost records what an entrant's contract cost.
func (s *stats) entrantCost(now, cost float64) {
	if now >= s.warmup {
		s.EntrantCost += cost
	}
}

// mortalityOutcome records, at its end, an emergency stay that began at
// start and lasted stay days, in the month of its admission: it counts for
// 30-day mortality if it lasted a day or more or the patient died of it,
// as the source's figure counts every admission but same-day discharges
// alive.
func (s *stats) mortalityOutcome(start, stay float64, died bool, typ uint8) {
	if (!died && stay < 1) || math.IsInf(start, -1) {
		return // a same-day discharge alive, or no admission on record
	}
	i := s.month(start)
	s.MMortalityBase[i]++
	if died {
		s.MDeaths[i]++
		s.MDeathsByAge[ageOf(typ)][i]++ // for the QALYs they lose
	}
	if start >= s.warmup {
		s.MortalityBase++
		if died {
			s.Deaths++
			s.DeathsByAge[ageOf(typ)]++
		}
	}
}

func (s *stats) specialist(now float64) { s.tally(now, &s.Specialist) }

func (s *stats) electiveCancelled(now float64) {
	s.MCancellations[s.month(now)]++
	if now >= s.warmup {
		s.Cancellations++
	}
}

// fitChange records a patient becoming medically fit in a bed (+1) or
// leaving it (-1).
func (s *stats) fitChange(now, delta float64) { s.delayed.Add(now, delta) }

// fitLeft records a medically fit patient leaving their bed on pathway k
// after waiting wait days.
func (s *stats) fitLeft(now float64, k int, wait float64) {
	s.delayed.Add(now, -1)
	i := s.month(now)
	s.MFitN[i]++
	s.MFitWait[i] += wait
	if k != pathwayHome {
		s.MPackages[i]++
	}
	if now >= s.warmup {
		s.FitN[k]++
		s.FitWait[k] += wait
		if k != pathwayHome {
			s.Packages++
		}
	}
}

// fitDays records d days of a medically fit patient's time in a bed
// counted under reason r.
func (s *stats) fitDays(now float64, r int, d float64) {
	if now >= s.warmup {
		s.FitDays[r] += d
	}
}

// careChange records places taken (+) or freed (-) on pathway k.
func (s *stats) careChange(now float64, k int, delta float64) { s.care[k].Add(now, delta) }

// capacityChange records places opened (+) or closed (-) on pathway k.
func (s *stats) capacityChange(now float64, k int, delta float64) { s.capacity[k].Add(now, delta) }
func (s *stats) bedCapacity(now, delta float64)                   { s.bedCap.Add(now, delta) }

func (s *stats) gpLeft(now float64) { s.tally(now, &s.GpLeavers) }

func (s *stats) unmet(now float64) { s.tally(now, &s.GpUnmet) }

func (s *stats) moved(now float64) { s.tally(now, &s.Moved) }

func (s *stats) replaced(now float64) { s.tally(now, &s.Replaced) }

func (s *stats) merged(now float64, closure bool) {
	if now >= s.warmup {
		if closure {
			s.Closures++
		} else {
			s.Mergers++
		}
	}
}

func (s *stats) close(horizon float64) {
	s.beds.Close(horizon)
	s.bedCap.Close(horizon)
	s.escalated.Close(horizon)
	s.delayed.Close(horizon)
	for k := range nPathways {
		s.care[k].Close(horizon)
		s.capacity[k].Close(horizon)
	}
	s.list.Close(horizon)
	s.mhOcc.Close(horizon)
	s.mhCap.Close(horizon)
}

func (s *stats) invoiced(now float64, disputed bool) {
	if now >= s.warmup {
		s.Invoices++
		if disputed {
			s.Disputes++
		}
	}
}

func (s *stats) defensiveWork(now, cost float64) {
	if now >= s.warmup {
		s.Defense += cost
	}
}

func (s *stats) tendered(now, cost float64, changed, better bool, leavers int) {
	if now >= s.warmup {
		s.Tenders++
		s.TenderCost += cost
		if changed {
			s.Changes++
		}
		if better {
			s.BetterChanges++
		}
		s.GpLeavers += int64(leavers)
	}
}

// add adds o's counts, sums and monthly series to s. The parts of a model
// are added in a fixed order, so floating-point sums never depend on which
// goroutine finished first.
func (s *stats) add(o *stats) {
	sv, ov := reflect.ValueOf(s).Elem(), reflect.ValueOf(o).Elem()
	for i := range sv.NumField() {
		f := sv.Field(i)
		if !f.CanSet() || f.Type() == reflect.TypeFor[sim.Level]() || f.Type() == reflect.TypeFor[[nPathways]sim.Level]() {
			continue
		}
		addValue(f, ov.Field(i))
	}
	s.beds.Merge(&o.beds)
	s.bedCap.Merge(&o.bedCap)
	s.escalated.Merge(&o.escalated)
	s.delayed.Merge(&o.delayed)
	for k := range nPathways {
		s.care[k].Merge(&o.care[k])
		s.capacity[k].Merge(&o.capacity[k])
	}
	s.list.Merge(&o.list)
	s.mhOcc.Merge(&o.mhOcc)
	s.mhCap.Merge(&o.mhCap)
}

// oohContact records an out-of-hours contact requested at now.
func (s *stats) oohContact(now float64) {
	if now >= s.warmup {
		s.OOHContacts++
	}
}

// oohOverflow records an out-of-hours request, made at now, that went to
// the emergency department or 999.
func (s *stats) oohOverflow(now float64) {
	if now >= s.warmup {
		s.OOHOverflow++
	}
}

// oohAdmission records an admission after an out-of-hours contact.
func (s *stats) oohAdmission(now float64) {
	if now >= s.warmup {
		s.OOHAdmissions++
	}
}

// placedOutOfArea records an admission for severe mental illness placed
// out of area for days.
func (s *stats) placedOutOfArea(now, days float64) {
	if now >= s.warmup {
		s.MHPlacements++
		s.MHOutDays += days
	}
}

func addValue(f, g reflect.Value) {
	switch f.Kind() {
	case reflect.Int64:
		f.SetInt(f.Int() + g.Int())
	case reflect.Float64:
		f.SetFloat(f.Float() + g.Float())
	case reflect.Array, reflect.Slice:
		for j := range f.Len() {
			addValue(f.Index(j), g.Index(j))
		}
	default:
		panic("nhs: stats field of kind " + f.Kind().String())
	}
}
