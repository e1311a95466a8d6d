package sim_test

import (
	"fmt"

	"github.com/nhssim/nhssim/sim"
)

// A single-server queue: customers arrive at rate 1 a day and take 0.8 days
// on average to serve, so the server is busy about 80% of the time.
func Example() {
	const (
		arrival uint8 = iota
		departure
	)
	k := sim.New(0, 0)
	arrivals := sim.NewStream(1, "arrivals", 0)
	service := sim.NewStream(1, "service", 0)
	var queue sim.FIFO[float64]
	busy := sim.Level{From: 0, To: 10000}
	served := 0

	k.After(arrivals.Exp(1), 0, arrival, 0, 0)
	for {
		e, ok := k.Next(10000)
		if !ok {
			break
		}
		switch e.Kind() {
		case arrival:
			k.After(arrivals.Exp(1), 0, arrival, 0, 0)
			if busy.Value() == 0 {
				busy.Add(k.Now(), 1)
				k.After(service.Exp(0.8), 0, departure, 0, 0)
			} else {
				queue.Push(k.Now())
			}
		case departure:
			served++
			if queue.Len() > 0 {
				queue.Pop()
				k.After(service.Exp(0.8), 0, departure, 0, 0)
			} else {
				busy.Add(k.Now(), -1)
			}
		}
	}
	busy.Close(k.Now())
	fmt.Printf("served about %d thousand, server busy %.1f of the time\n", (served+500)/1000, busy.Area()/10000)
	// Output: served about 10 thousand, server busy 0.8 of the time
}
