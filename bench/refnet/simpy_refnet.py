#!/usr/bin/python3
"""The refnet reference workload (bench/refnet/WORKLOAD.md) on SimPy 3.

An independent implementation of refnet, written against the workload's
description rather than nhssim's code, so that bench/refnet-vs-simpy can
check nhssim's statistics (and measure its speed) against a second engine.
It uses the process style most SimPy models use: a process per arrival
stream, a process per patient episode, and simpy.Resource for GPs, beds and
social-care package slots.

It prints one JSON object: the WORKLOAD.md outputs over the window
[warmup, horizon), and `events`, the number of SimPy events it processed.

    /usr/bin/python3 bench/refnet/simpy_refnet.py --seed 1 --patients 20000
"""

import argparse
import json
import math
import random
import sys

import simpy

YEAR = 365.0


class Level:
    """The time-integral of a piecewise-constant count, over a window."""

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi
        self.value = 0
        self.since = 0.0
        self.area = 0.0

    def add(self, now, delta):
        self._accumulate(now)
        self.value += delta

    def _accumulate(self, now):
        a, b = max(self.since, self.lo), min(now, self.hi)
        if b > a:
            self.area += self.value * (b - a)
        self.since = now

    def close(self, now):
        self._accumulate(now)
        return self.area


class Mean:
    def __init__(self):
        self.n = 0
        self.total = 0.0

    def add(self, x):
        self.n += 1
        self.total += x

    def value(self):
        return self.total / self.n if self.n else None


class Refnet:
    def __init__(self, a):
        self.a = a
        self.env = simpy.Environment()
        self.rng = random.Random(a.seed)
        self.warmup = a.warmup_years * YEAR
        self.horizon = a.years * YEAR
        self.practices = a.patients // a.practice_size
        self.hospitals = math.ceil(self.practices / a.practices_per_hospital)

        # GP service: each GP's own arrivals are (P / K) * rate_gp / 365 a
        # day, and the mean consultation makes the GP busy rho_gp of the time.
        lam_gp = (a.practice_size / a.gps_per_practice) * a.rate_gp / YEAR
        self.gp_service_mean = a.rho_gp / lam_gp
        self.gps = [[simpy.Resource(self.env, capacity=1)
                     for _ in range(a.gps_per_practice)]
                    for _ in range(self.practices)]

        self.beds, self.slots = [], []
        self.total_beds = 0
        for h in range(self.hospitals):
            first = h * a.practices_per_hospital
            n_practices = min(a.practices_per_hospital, self.practices - first)
            arrivals = n_practices * a.practice_size * a.rate_adm / YEAR
            beds = math.ceil(arrivals * a.los_mean / a.rho_bed)
            slots = math.ceil(arrivals * a.p_social * a.package_mean
                              / a.rho_social)
            self.beds.append(simpy.Resource(self.env, capacity=max(beds, 1)))
            self.slots.append(simpy.Resource(self.env, capacity=max(slots, 1)))
            self.total_beds += max(beds, 1)

        self.consultations = 0
        self.with_usual = 0
        self.gp_wait = Mean()
        self.admissions = 0
        self.bed_wait = Mean()
        self.occupied = Level(self.warmup, self.horizon)
        self.delayed = Level(self.warmup, self.horizon)
        self.packages = 0

    def in_window(self, t):
        return self.warmup <= t < self.horizon

    # --- General practice --------------------------------------------------

    def practice_demand(self, g):
        """Consultation requests of practice g: the superposition of its
        patients' Poisson processes, each request from a patient drawn
        uniformly."""
        a, env, rng = self.a, self.env, self.rng
        rate = a.practice_size * a.rate_gp / YEAR
        while True:
            yield env.timeout(rng.expovariate(rate))
            patient = g * a.practice_size + rng.randrange(a.practice_size)
            env.process(self.consultation(g, patient % a.gps_per_practice))

    def choose_gp(self, g, usual):
        gps = self.gps[g]
        if len(gps[usual].queue) <= self.a.q_max:
            return usual
        best = 0
        for k in range(1, len(gps)):
            if len(gps[k].queue) < len(gps[best].queue):
                best = k
        return best

    def consultation(self, g, usual):
        env = self.env
        k = self.choose_gp(g, usual)
        asked = env.now
        with self.gps[g][k].request() as turn:
            yield turn
            if self.in_window(env.now):
                self.consultations += 1
                self.with_usual += k == usual
                self.gp_wait.add(env.now - asked)
            yield env.timeout(self.rng.expovariate(1 / self.gp_service_mean))

    # --- Hospitals and social care ----------------------------------------

    def hospital_demand(self, h):
        a, env, rng = self.a, self.env, self.rng
        first = h * a.practices_per_hospital
        n_practices = min(a.practices_per_hospital, self.practices - first)
        rate = n_practices * a.practice_size * a.rate_adm / YEAR
        while True:
            yield env.timeout(rng.expovariate(rate))
            env.process(self.admission(h))

    def admission(self, h):
        a, env, rng = self.a, self.env, self.rng
        arrived = env.now
        if self.in_window(arrived):
            self.admissions += 1
        bed = self.beds[h].request()
        yield bed
        if self.in_window(env.now):
            self.bed_wait.add(env.now - arrived)
        self.occupied.add(env.now, +1)
        yield env.timeout(rng.expovariate(1 / a.los_mean))
        if rng.random() < a.p_social:
            self.delayed.add(env.now, +1)
            slot = self.slots[h].request()
            yield slot
            self.delayed.add(env.now, -1)
            if self.in_window(env.now):
                self.packages += 1
            self.leave(h, bed)
            yield env.timeout(rng.expovariate(1 / a.package_mean))
            self.slots[h].release(slot)
        else:
            self.leave(h, bed)

    def leave(self, h, bed):
        self.occupied.add(self.env.now, -1)
        self.beds[h].release(bed)

    # --- Running -----------------------------------------------------------

    def run(self):
        env = self.env
        for g in range(self.practices):
            env.process(self.practice_demand(g))
        for h in range(self.hospitals):
            env.process(self.hospital_demand(h))
        events = 0
        while env.peek() < self.horizon:
            env.step()
            events += 1
        end = self.horizon
        occupied = self.occupied.close(end)
        delayed = self.delayed.close(end)
        window = self.horizon - self.warmup
        return {
            "gp_consultations": self.consultations,
            "gp_wait_mean_days": self.gp_wait.value(),
            "usual_gp_share": (self.with_usual / self.consultations
                               if self.consultations else None),
            "admissions": self.admissions,
            "bed_wait_mean_days": self.bed_wait.value(),
            "bed_occupancy": occupied / (window * self.total_beds),
            "delayed_bed_days": delayed,
            "packages_started": self.packages,
            "events": events,
        }


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--patients", type=int, default=100000)
    p.add_argument("--years", type=float, default=5.0)
    p.add_argument("--warmup-years", type=float, default=1.0)
    p.add_argument("--practice-size", type=int, default=10000)
    p.add_argument("--gps-per-practice", type=int, default=6)
    p.add_argument("--rate-gp", type=float, default=5.0)
    p.add_argument("--rho-gp", type=float, default=0.85)
    p.add_argument("--q-max", type=int, default=2)
    p.add_argument("--practices-per-hospital", type=int, default=5)
    p.add_argument("--rate-adm", type=float, default=0.10)
    p.add_argument("--los-mean", type=float, default=5.0)
    p.add_argument("--rho-bed", type=float, default=0.85)
    p.add_argument("--p-social", type=float, default=0.20)
    p.add_argument("--package-mean", type=float, default=90.0)
    p.add_argument("--rho-social", type=float, default=0.90)
    a = p.parse_args(argv)
    if a.patients <= 0 or a.practice_size <= 0 or a.patients % a.practice_size:
        p.error("--patients must be a positive multiple of --practice-size")
    if not 0 <= a.warmup_years < a.years:
        p.error("need 0 <= --warmup-years < --years")
    if a.gps_per_practice < 1 or a.practices_per_hospital < 1:
        p.error("need at least one GP per practice and practice per hospital")
    for name in ("rate_gp", "rate_adm", "los_mean", "package_mean"):
        if getattr(a, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be positive")
    for name in ("rho_gp", "rho_bed", "rho_social"):
        if getattr(a, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be positive")
    if not 0 <= a.p_social <= 1:
        p.error("--p-social must lie in [0, 1]")
    return a


def main(argv=None):
    json.dump(Refnet(parse_args(argv)).run(), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
