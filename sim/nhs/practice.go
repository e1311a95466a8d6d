package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
)

// noGP marks a patient with no preferred GP.
const noGP = 255

// maxPosts is the most GP posts a practice (with those it has taken over)
// can have, so that a preferred GP fits in a byte beside noGP.
const maxPosts = noGP - 1

// gpRequests handles practice g's consultation requests of one day. The
// event falls at the first of them; that request and every later one before
// the end of its day (or the horizon) is handled in turn, each at its own
// time, and the next day's first request is scheduled. A practice's
// requests touch only its own GPs' lines or booked days (with session
// booking, those of the practice that took it over, in the same local
// system) and its patients' counters, so
// handling a day of them in one event gives each request the same draws and
// the same booking as an event of its own would; what changes is that other
// events falling within that day (an admission, a GP leaving) see the whole
// day's bookings already made. The model's GP lines are counted in days, so
// this is within its resolution, and the practice's day costs one event
// instead of one per request (docs/model.md, Scheduling).
//
// The requests are drawn a batch at a time, in the order a request at a
// time would draw them (booking draws nothing from the practice's demand
// stream and changes nothing a draw reads), and a batch's patient records
// are read before any of it is booked. The records are scattered over a
// large array, so each first read waits for main memory; issued together,
// the reads wait once for the batch rather than once a request, which at
// England's size roughly halves the time a request takes
// (bench/README.md). The next batch is drawn and its records read before
// the current one is booked, so that its wait overlaps that booking.
func (m *model) gpRequests(g, _ int32) {
	p := &m.practices[g]
	end := min(math.Floor(p.nextRequest)+1, m.horizon)
	var buf [requestBatch]request
	c := dayFree{day: -1}
	for {
		batch := m.drawRequests(p, end, &buf)
		if len(batch) == 0 {
			break
		}
		if m.sessions {
			m.bookSessions(p, &c, batch)
		} else {
			m.bookQueue(p, batch)
		}
	}
	m.scheduleRequests(g)
}

// drawRequests draws practice p's next requests before end into buf, as
// many as fit, and reads their patients' records (touchPatients).
func (m *model) drawRequests(p *practice, end float64, buf *[requestBatch]request) []request {
	n := 0
	for ; n < len(buf) && p.requestRate > 0 && p.nextRequest < end; n++ {
		now := p.nextRequest
		p.nextRequest = now + p.demand.Exp(1/p.requestRate)
		m.drawRequest(p, now, &buf[n])
	}
	m.touchPatients(buf[:n])
	return buf[:n]
}

// requestBatch is the most requests drawn and prefetched together: enough
// to keep many reads of main memory in flight, few enough that the
// batch's records stay in the core's caches until they are booked.
const requestBatch = 32

// scheduleRequests puts practice g's next request on the calendar, unless
// the practice has no demand (a later change of rates restarts it).
func (m *model) scheduleRequests(g int32) {
	if p := &m.practices[g]; p.requestRate > 0 {
		m.k.At(p.nextRequest, 0, evGPRequest, g, 0)
	}
}

// request is one consultation request, drawn and not yet booked.
type request struct {
	now     float64
	patient int32
	typ     uint8 // the patient's type, or unknownType if not drawn
	pooled  bool  // booked with whoever is free, ignoring the preferred GP
	urgent  bool  // session booking: the patient will not wait for their GP
}

// drawRequest draws a consultation request to practice p at time now into
// r: the patient, and how it is booked. (It writes r's fields one by one:
// a request built whole and returned was stored in pieces and read back
// whole, which the processor cannot forward from store to load.)
func (m *model) drawRequest(p *practice, now float64, r *request) {
	// One draw picks the patient within their type (top 32 bits) and
	// whether the request is booked pooled (bottom 32). The booking draw is
	// made whatever the lever's value, so that scenarios that differ in it
	// still share every other draw (common random numbers).
	lo, hi := p.first, p.first+p.size
	typ := uint8(unknownType)
	if !p.gpUniform {
		t := p.gpTypes.Draw(&p.demand)
		lo, hi = p.typeStart[t], p.typeEnd[t]
		typ = uint8(t)
	}
	u := p.demand.Uint64()
	r.now = now
	r.patient = lo + int32((u>>32)*uint64(hi-lo)>>32)
	r.typ = typ
	r.pooled = float64(uint32(u))*(1.0/(1<<32)) < m.cfg.GP.PooledBookingShare
	r.urgent = m.sessions && p.demand.Float64() < m.cfg.GP.UrgentShare
}

// touchPatients reads the records that booking the batch's requests will
// read and write, so that their loads from main memory overlap. It changes
// nothing; the sum it keeps is there only so that the reads are made.
// (A request's type is known from its draw, unless its practice draws
// patients uniformly.)
func (m *model) touchPatients(batch []request) {
	pt := &m.pt
	var sum uint32
	for i := range batch {
		r := &batch[i]
		sum += uint32(pt.gp[r.patient].pref)
		if r.typ == unknownType {
			sum += uint32(pt.typ[r.patient])
		}
	}
	m.touched += sum
}

// unknownType marks a request whose patient's type was not drawn.
const unknownType = 255

// Every patient type fits in a request's byte beside unknownType.
var _ [unknownType - nTypes]struct{}

// bookSessions books a batch of requests to practice p with session
// booking; c holds one day's free appointments.
func (m *model) bookSessions(p *practice, c *dayFree, batch []request) {
	for i := range batch {
		r := &batch[i]
		typ := r.typ
		if typ == unknownType {
			typ = m.pt.typ[r.patient]
		}
		m.bookSession(&m.practices[p.root], c, r.patient, typ, r.pooled, r.urgent, r.now)
	}
}

// bookQueue books a batch of requests to practice p with queue booking.
// Booking changes the GPs' lines, never which GPs the practice has.
func (m *model) bookQueue(p *practice, batch []request) {
	gps := m.gps[p.gp0 : p.gp0+p.k]
	tol := m.cfg.GP.UsualGPQueueTolerance
	for i := range batch {
		r := &batch[i]
		j := chooseGP(gps, int(m.pt.gp[r.patient].pref), r.pooled, r.now, tol)
		m.book(p.gp0+int32(j), r.patient, r.now)
	}
}

// chooseGP is the queue booking rule, over a practice's GPs gps. A share
// of requests (the pooled-booking lever) goes to whichever GP has the
// shortest line. The rest go to the usual GP if their line holds at most
// tol patients, else to the GP with the shortest line (the lowest index on
// ties).
func chooseGP(gps []gp, usual int, pooled bool, now float64, tol int) int {
	if !pooled && gps[usual].lineAtMost(now, tol) {
		return usual
	}
	best, bestLen := 0, gps[0].waiting(now)
	for j := 1; j < len(gps) && bestLen > 0; j++ { // no line is shorter than none
		if n := gps[j].waiting(now); n < bestLen {
			best, bestLen = j, n
		}
	}
	return best
}

// waiting is the number of patients in GP d's line at time now, not
// counting the one being seen. A GP serves their line first come, first
// served, so each booking's departure time is known when it is made (the
// later of now and the previous departure, plus the consultation): the line
// is the bookings not yet departed, less the one in service. This needs no
// event when a consultation ends.
func (d *gp) waiting(now float64) int {
	return max(sim.DropThrough(&d.departures, now)-1, 0)
}

// lineAtMost reports whether GP d's line at time now holds at most n
// patients (waiting <= n), without removing the departures already past:
// the line holds at most n if at most n+1 departures fall after now, that
// is, if the (n+2)-th last departure (the departures are in ascending
// order) is not after now. It costs one comparison where waiting costs a
// loop whose end the processor cannot foresee.
func (d *gp) lineAtMost(now float64, n int) bool {
	k := d.departures.Len() - n - 2
	return k < 0 || d.departures.At(k) <= now
}

// book adds a patient to GP j's line (queue booking): their consultation
// starts when the patient before them leaves, and what happens in it
// (continuity, the window's counts) is recorded at that start.
func (m *model) book(j, patient int32, now float64) {
	d := &m.gps[j]
	p := &m.practices[d.practice]
	start := now // the later of now and the last booked departure
	if d.free > now {
		start = d.free
	}
	d.free = start + d.service.Exp(p.serviceMean)
	if d.departures.Len() == d.departures.Cap() {
		sim.DropThrough(&d.departures, now) // make room: lineAtMost leaves past departures
	}
	d.departures.Push(d.free)
	if start >= m.horizon {
		return // not seen within the run
	}
	m.consulted(p, patient, start, now, j-p.gp0 == int32(m.pt.gp[patient].pref))
}

// consulted records a consultation of patient, requested at now and held
// at start, with their preferred GP or not.
func (m *model) consulted(root *practice, patient int32, start, now float64, usual bool) {
	if !usual {
		m.pt.gp[patient].lastOther = float32(start)
	}
	if start >= m.warmup {
		root.consults++
		if usual {
			root.usual++
			m.pt.gp[patient].nUsual = satInc(m.pt.gp[patient].nUsual)
		} else {
			m.pt.gp[patient].nOther = satInc(m.pt.gp[patient].nOther)
		}
	}
	m.stats.consultation(start, start-now, usual)
}

// dayFree is the free appointments of a root practice's GPs on one day,
// kept while a practice's requests of a day are booked (gpRequests), so
// that finding the GP with the most free appointments reads one short
// array rather than every GP's rota, ring and leave. It is rebuilt by each
// event: bookings made elsewhere in between (another practice sharing the
// GPs, a GP leaving) cannot make it stale.
type dayFree struct {
	day   int32 // the day it holds; -1 for none
	total int
	free  [maxPosts]uint16
}

// fill makes c hold root practice r's free appointments on day.
func (c *dayFree) fill(m *model, r *practice, day int32) {
	c.day, c.total = day, 0
	for i := range r.k {
		f := m.free(&m.gps[r.gp0+i], r.gp0+i, day)
		c.free[i] = uint16(f)
		c.total += f
	}
}

// take books one of GP i's appointments on day, if c holds that day.
func (c *dayFree) take(i int, day int32) {
	if c.day == day {
		c.free[i]--
		c.total--
	}
}

// bookSession books a request into the days ahead (session booking). The
// first free appointment with any GP of the practice is found, the GP with
// the most free appointments that day taking it (the first such on ties).
// A patient with a preferred GP, unless the request is urgent or booked
// pooled, waits for that GP instead if they have a free appointment within
// the patient's tolerance of that first day. A consultation with a named GP
// builds the preference; a locum's builds none. typ is the patient's type;
// c holds the free appointments of one day (of this event's practice day).
func (m *model) bookSession(r *practice, c *dayFree, patient int32, typ uint8, pooled, urgent bool, now float64) {
	today := int32(now)
	gps := m.gps[r.gp0 : r.gp0+r.k]
	if r.ringDay != today {
		for i := range gps {
			gps[i].advance(today)
		}
		r.ringDay = today
	}
	j, day := -1, today+ringDays-1
	// Every day before r.open is fully booked (the days' capacity only
	// falls until a GP arrives or the practice grows, which reset it).
	d := max(today, r.open)
	for wd := d % 7; d < today+ringDays; d, wd = d+1, wd+1 {
		if wd == 7 {
			wd = 0
		}
		if wd >= 5 {
			continue // weekends are closed
		}
		if c.day != d {
			c.fill(m, r, d)
		}
		if c.total > 0 {
			most := uint16(0)
			for i, f := range c.free[:len(gps)] {
				if f > most {
					j, most = i, f
				}
			}
			day = d
			break
		}
	}
	if j < 0 {
		// Every appointment in reach is taken: the practice is
		// overloaded, and the patient is not seen.
		m.stats.unmet(now)
		return
	}
	r.open = day
	pref := int(m.pt.gp[patient].pref)
	valid := pref < len(gps) && !gps[pref].vacant && m.pt.gp[patient].relStart >= gps[pref].since
	if valid && !pooled && pref != j {
		tol := int32(0)
		if !urgent {
			tol = m.tolerance[typ]
		}
		for d := day; d <= day+tol && d < today+ringDays; d++ {
			if m.free(&gps[pref], r.gp0+int32(pref), d) > 0 {
				j, day = pref, d
				break
			}
		}
	}
	g := &gps[j]
	if b := &g.booked[uint32(day)%ringDays]; *b < math.MaxUint16 {
		*b++
	}
	c.take(j, day)
	start := max(now, float64(day)+0.5)
	if start >= m.horizon {
		return
	}
	usual := valid && j == pref
	hold := &m.pt.gp[patient].hold
	switch {
	case g.vacant: // a locum: no relationship is built
	case usual:
		*hold = uint8(min(int(*hold)+1, m.cfg.GP.PreferenceMemory))
	case valid && *hold > 0:
		*hold--
	default:
		m.pt.gp[patient].pref = uint8(j)
		*hold = uint8(min(1, m.cfg.GP.PreferenceMemory))
		m.pt.gp[patient].relStart = float32(start)
	}
	m.consulted(r, patient, start, now, usual)
}

// advance moves the GP's ring of booked days on to today.
func (d *gp) advance(today int32) {
	if today-d.day0 >= ringDays {
		d.booked = [ringDays]uint16{}
		d.day0 = today
		return
	}
	for ; d.day0 < today; d.day0++ {
		d.booked[uint32(d.day0)%ringDays] = 0
	}
}

// free is the number of appointments GP post j (d) has left on day: its
// appointments that weekday (day 0 is a Monday; weekends are closed)
// unless the GP is on leave that week or the post is vacant and
// uncovered.
func (m *model) free(d *gp, j, day int32) int {
	// The leave hash last: a full day needs no hash.
	free := int(d.capacity[uint32(day)%7]) - int(d.booked[uint32(day)%ringDays])
	if free <= 0 || (d.vacant && !d.locum) || m.onLeave(j, day/7) {
		return 0
	}
	return free
}

// setCapacity sets the appointments GP post d gives on each day of the
// week: its sessions that weekday times its appointments a session,
// rounded.
func (d *gp) setCapacity(perSession float64) {
	d.perSession = perSession
	for wd, n := range d.week {
		d.capacity[wd] = uint16(min(float64(n)*perSession+0.5, math.MaxUint16))
	}
}

// onLeave says whether GP post j is on leave in week w: a hash of the two
// below working_weeks/52 of its range, so that leave needs no state.
func (m *model) onLeave(j, w int32) bool {
	x := m.leaveKey ^ uint64(j)<<32 ^ uint64(uint32(w))
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x < m.leaveCut
}

func satInc(x uint16) uint16 {
	if x == ^uint16(0) {
		return x
	}
	return x + 1
}

// gpLeave is a GP leaving post j, if gen is the post's current leaving
// event (a timeline change or a vacancy voids earlier ones). With session
// booking the post falls vacant until a new GP is recruited, who brings the
// post's next leaving; with queue booking a newcomer takes over the GP's
// patients at once.
func (m *model) gpLeave(j, gen int32) {
	if gen != m.gps[j].leaveGen {
		return
	}
	m.replaceGP(j)
	if !m.sessions {
		m.scheduleLeave(j)
	}
}

// replaceGP replaces GP j by a newcomer, for turnover or a reorganisation:
// with session booking the post falls vacant (see vacate); with queue
// booking the newcomer takes over the GP's patients, whose relationships
// start again.
func (m *model) replaceGP(j int32) {
	d := &m.gps[j]
	now := m.k.Now()
	if m.sessions {
		m.vacate(j, now)
		return
	}
	p := &m.practices[d.practice]
	slot := uint8(j - p.gp0)
	for i := range p.active() {
		if m.pt.gp[i].pref == slot {
			m.pt.gp[i].relStart = float32(now)
		}
	}
	m.left(p, now)
}

// left records a GP leaving practice p.
func (m *model) left(p *practice, now float64) {
	m.stats.gpLeft(now)
	if now >= m.warmup {
		m.practices[p.root].leavers++
	}
	p.trust *= 1 - m.cfg.Trust.TurnoverShock
}

// vacate makes post j vacant: the GP in post leaves, their patients lose
// them as preferred GP (relStart is now before the post's since), a locum
// covers the post's sessions with probability locum_cover, and a new GP
// arrives after the recruitment delay.
func (m *model) vacate(j int32, now float64) {
	d := &m.gps[j]
	if d.vacant {
		return
	}
	d.vacant, d.since = true, float32(now)
	d.leaveGen++ // the GP who left takes their leaving with them
	d.locum = d.turnover.Bernoulli(m.cfg.GP.LocumCover)
	m.left(&m.practices[d.practice], now)
	m.k.After(d.turnover.Exp(m.cfg.GP.VacancyMonths*DaysPerMonth), 0, evGPArrive, j, 0)
}

// gpArrive fills vacant post j with a new GP, who has no patients yet.
func (m *model) gpArrive(j, _ int32) {
	d := &m.gps[j]
	d.vacant, d.locum, d.since = false, false, float32(m.k.Now())
	m.practices[m.practices[d.practice].root].open = 0 // the post's sessions are back
	m.scheduleLeave(j)
}

// scheduleLeave schedules when the GP in post j leaves, at their practice's
// leaving rate, voiding any leaving scheduled before.
func (m *model) scheduleLeave(j int32) {
	d := &m.gps[j]
	d.leaveGen++
	if rate := m.practices[d.practice].turnover; rate > 0 {
		m.k.After(d.turnover.Exp(DaysPerYear/rate), 0, evGPLeave, j, d.leaveGen)
	}
}

// scheduleMerger schedules when practice g next takes over its neighbour,
// at merger_rate, voiding any take-over scheduled before.
func (m *model) scheduleMerger(g int32) {
	p := &m.practices[g]
	p.mergerGen++
	if rate := m.cfg.GP.MergerRate; rate > 0 && m.sessions && p.root == g {
		m.k.After(p.changes.Exp(DaysPerYear/rate), 0, evMerger, g, p.mergerGen)
	}
}

// merger is practice g taking over its neighbour, the next practice of its
// local system that has not been taken over: the neighbour's list and GP
// posts join g's. In a closure the neighbour's GPs leave (their posts fall
// vacant and are recruited to); in a merger they stay with their patients.
func (m *model) merger(g, gen int32) {
	p := &m.practices[g]
	if p.root != g || gen != p.mergerGen {
		return // taken over itself (it changes no more), or rescheduled
	}
	now := m.k.Now()
	m.scheduleMerger(g)
	closure := p.changes.Bernoulli(m.cfg.GP.ClosureShare)
	qi := g + p.members
	if qi >= m.span.g1 {
		return
	}
	q := &m.practices[qi]
	if p.k+q.k > maxPosts {
		return
	}
	p.postsTo(now, m.warmup)
	q.postsTo(now, m.warmup)
	offset := uint8(p.k)
	for i := q.first; i < m.slotsEnd(qi); i++ {
		if m.pt.gp[i].pref != noGP {
			m.pt.gp[i].pref += offset
		}
	}
	for x := qi; x < qi+q.members; x++ {
		m.practices[x].root = g
	}
	p.k += q.k
	p.open = 0     // the new posts' days are not known to be full
	p.ringDay = -1 // nor are their rings known to start today
	p.list += q.list
	p.members += q.members
	p.consults += q.consults
	p.usual += q.usual
	p.admissions += q.admissions
	p.acscN += q.acscN
	p.leavers += q.leavers
	p.postDays += q.postDays
	p.missing += q.missing
	if now < m.warmup {
		p.listAtWarm = p.list
	}
	m.stats.merged(now, closure)
	if closure {
		for j := q.gp0; j < q.gp0+q.k; j++ {
			m.vacate(j, now)
		}
	}
}

// postsTo brings the GP post-days of the window up to t.
func (p *practice) postsTo(t, warmup float64) {
	if from := max(p.postsAt, warmup); t > from {
		p.postDays += float64(p.k) * (t - from)
	}
	p.postsAt = max(p.postsAt, t)
}

// draw picks one of the practice's patients with probability proportional
// to a rate that depends only on their type: the type from its alias table,
// then a patient of that type uniformly.
func (p *practice) draw(types *sim.Alias, s *sim.Stream) int32 {
	t := types.Draw(s)
	lo, hi := p.typeStart[t], p.typeEnd[t]
	return lo + int32(s.IntN(int(hi-lo)))
}
