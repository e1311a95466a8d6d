package nhs

// refnetConfig is the refnet workload (WORKLOAD.md) in this model's terms:
// scenarios/reference/refnet.yaml says the same, and a test in package
// scenarios checks that the two agree. Every patient is alike, and no
// mechanism beyond refnet's is active.
func refnetConfig() Config {
	c := Defaults()
	c.Seed = 1
	c.Run.Years, c.Run.WarmupYears = 5, 1
	c.Population.Patients, c.Population.PracticeSize, c.Population.PracticeSizeCV = 100000, 10000, 0
	c.Population.MultimorbidityByAge = [NAges]float64{}
	c.GP.Booking, c.GP.GPsPerPractice, c.GP.PatientsPerGP = BookingQueue, 6, 0
	c.GP.ConsultationRate, c.GP.AppointmentsPerGPYear, c.GP.UsualGPQueueTolerance = 5, 5*10000/6/0.85, 2
	c.GP.RateByAge = [NAges]float64{1, 1, 1, 1, 1}
	c.GP.DeprivationMultiplier = [NDep]float64{1, 1, 1, 1, 1}
	c.GP.PooledBookingShare, c.GP.TurnoverRate, c.GP.MergerRate, c.GP.ListTurnover = 0, 0, 0, 0
	c.Hospitals.PracticesPerHospital, c.Market.HospitalsPerMarket = 5, 2
	c.Hospitals.EmergencyAdmissionRate, c.Hospitals.LOSMeanDays, c.Hospitals.BedsPer1000 = 0.1, 5, 1.62
	c.Hospitals.RateByAge = [NAges]float64{1, 1, 1, 1, 1}
	c.Hospitals.DeprivationMultiplier = [NDep]float64{1, 1, 1, 1, 1}
	c.Hospitals.LOSByAge = [NAges]float64{1, 1, 1, 1, 1}
	c.Hospitals.ElectiveRate, c.Hospitals.ReadmissionProbability = 0, 0
	c.Hospitals.ElectiveTreatmentsPer1000, c.Hospitals.InitialWaitingListPer1000 = 0, 0
	c.Discharge.Boundaries = 0
	c.Continuity.RelationshipElasticity, c.Continuity.DiscontinuityOR = 0, 1
	c.SocialCare.PackageProbability, c.SocialCare.PackageMeanDays, c.SocialCare.HomeCareHoursPer1000 = 0.2, 90, 5.48
	c.SocialCare.PackageHoursByAge, c.SocialCare.MultimorbidityHours = [NAges]float64{1, 1, 1, 1, 1}, 1 // an hour a package: hours count slots
	c.SocialCare.NeedByAge, c.SocialCare.MultimorbidityNeed = [NAges]float64{1, 1, 1, 1, 1}, 1
	c.SocialCare.Pathway2Share, c.SocialCare.Pathway3Share = 0, 0
	c.SocialCare.InitialOccupancy, c.SocialCare.DeconditioningPerDay = 0, 0
	c.Discharge.AssessmentDays, c.Discharge.WardProcessDays, c.Discharge.ReadmissionPerDelayDay = 0, 0, 0
	noSourcing(&c)                                                                           // refnet's package starts as soon as a slot is free
	c.Demand = Demand{WinterPeak: 1, WinterPeakDay: c.Demand.WinterPeakDay}                  // constant rates
	c.Providers.QualitySD, c.Providers.EfficiencySD, c.Providers.PracticeQualitySD = 0, 0, 0 // identical providers
	return c
}
