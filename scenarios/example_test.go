package scenarios_test

import (
	"fmt"

	"github.com/nhssim/nhssim/scenarios"
)

func ExampleLoad() {
	// Load the shipped refnet scenario with two overrides, as
	// nhssim run refnet --set ... does.
	sc, err := scenarios.Load("refnet", "population.patients=20000", "hospitals.los_mean_days=7")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Name, sc.File)
	fmt.Println(sc.Config.Population.Patients, sc.Config.Hospitals.LOSMeanDays, sc.Config.Hospitals.BedsPer1000)

	// Every problem is reported at once, each at the place it was written.
	_, err = scenarios.Load("refnet", "hospitals.los_mean_days=-1", "hospitals.beds_per_100=1.8")
	fmt.Println(err)
	// Output:
	// refnet scenarios/reference/refnet.yaml
	// 20000 7 1.62
	// --set hospitals.beds_per_100=1.8: hospitals.beds_per_100: unknown field "beds_per_100" (did you mean "beds_per_1000"?)
	// --set hospitals.los_mean_days=-1: hospitals.los_mean_days: -1 is outside (0, 1000]
}
