// Package nhs is the NHS model on top of the sim kernel: patients registered
// with practices and a usual GP, GPs with their own waiting lines, hospitals
// with beds and a boarding queue, social-care capacity (home-care hours,
// step-down beds, care-home places) and delayed discharge.
//
// A scenario is a [Config]; [Simulate] runs it and returns its [Result]. Every
// organisational regime is a set of parameter values: no code here knows a
// scenario by name.
package nhs
