// Package calibrate fits a scenario to published figures by history
// matching (Craig et al. 1997; Vernon, Goldstein and Bower 2010; Andrianakis
// et al. 2015): a targets file names the figures (registry metrics with
// observed values and their uncertainty) and the parameters to fit with
// their ranges; [Match] runs waves of simulations, fits a Gaussian-process
// [Emulator] to each target, and rules out the parameter values whose
// implausibility exceeds a cut-off, until the non-implausible region stops
// shrinking. [Runner] runs each wave as a sweep (sim/sweep), here or as a
// Slurm job array, resumably.
//
// Determinism: designs and candidates are drawn from the targets file's
// seed, the emulators are fitted by a deterministic optimiser, and each
// wave's runs are a sweep with common random numbers, so a calibration
// gives the same result whatever the workers, shards or interruptions.
package calibrate
