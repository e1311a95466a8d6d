#!/usr/bin/env bash
# .ci/slurm/start.sh: start a one-node Slurm cluster on 127.0.0.1 for tests.
#
# Installs munge and Slurm from the distribution's packages if they are
# missing (Debian 12 or Ubuntu; without starting their system services),
# writes a slurm.conf for this machine into the state directory, and starts a
# private munged, slurmctld and slurmd in the background. Their process ids
# are recorded in the state directory, and .ci/slurm/stop.sh stops exactly
# those. It returns when the node is idle and takes jobs.
#
# Client commands must read the same configuration: after this script,
#   export SLURM_CONF=$NHSSIM_SLURM_DIR/slurm.conf
#
# Needs root (slurmd runs jobs as their submitter) and, the first time,
# apt-get. Environment:
#   NHSSIM_SLURM_DIR       state, logs and process ids (default /tmp/nhssim-slurm)
#   NHSSIM_SLURM_TIMEOUT   seconds to wait for the node (default 60)
# Exit status 0 when the cluster is up; 1 with a message otherwise, after
# stopping whatever this run started.
set -euo pipefail

dir=${NHSSIM_SLURM_DIR:-/tmp/nhssim-slurm}
timeout=${NHSSIM_SLURM_TIMEOUT:-60}
here=$(cd "$(dirname "$0")" && pwd)
packages=(munge slurmctld slurmd slurm-client)

say() { printf 'slurm/start: %s\n' "$*"; }
fail() {
  printf 'slurm/start: FAILED: %s\n' "$*" >&2
  for log in "$dir"/log/*; do
    [ -s "$log" ] && { echo "--- $log (last lines)" >&2; tail -n 15 "$log" >&2; }
  done
  NHSSIM_SLURM_DIR=$dir "$here/stop.sh" >&2 || true
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "must run as root"
case "$dir" in /tmp/?* | /var/tmp/?* | /run/?*) ;; *) fail "NHSSIM_SLURM_DIR must be under /tmp, /var/tmp or /run (got $dir)" ;; esac

# 1. Packages. A policy-rc.d that refuses every service start keeps the
# packages' install scripts from starting system daemons we do not want.
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || fail "missing ${missing[*]} and no apt-get"
  say "installing ${missing[*]}"
  policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  ok=1
  { apt-get -o DPkg::Lock::Timeout=300 update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${packages[@]}"; } >/tmp/nhssim-slurm-apt.log 2>&1 || ok=0
  [ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
  [ "$ok" = 1 ] || { tail -n 20 /tmp/nhssim-slurm-apt.log >&2; fail "apt-get install failed"; }
fi
for b in munged munge unmunge slurmctld slurmd sinfo sbatch squeue scontrol; do
  command -v "$b" >/dev/null || fail "$b is not installed"
done

# 2. A fresh state directory, only ever replacing one this script made.
if [ -e "$dir" ]; then
  [ -e "$dir/.nhssim-slurm" ] || fail "$dir exists and was not made by this script"
  for f in "$dir"/pids/*.pid; do
    [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && fail "a cluster from $dir is still running: run .ci/slurm/stop.sh"
  done
  rm -rf "$dir"
fi
mkdir -p "$dir"/{pids,log,munge,socket,state,spool,run}
touch "$dir/.nhssim-slurm"
chmod 755 "$dir" "$dir/socket" "$dir/run"
chmod 700 "$dir/munge"
for port in 6817 6818; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use: is another Slurm running?"
  fi
done

node=$(hostname -s 2>/dev/null || uname -n)
node=${node%%.*}
cpus=$(nproc)
# Declare a little less memory than the machine has: a node that reports
# less than slurm.conf says is drained.
mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

# 3. The configuration: one node, one partition, no systemd, cgroups or
# accounting. MinJobAge stays at Slurm's default (300 s): records of finished
# array tasks must outlive the array, or a failed task can go unnoticed.
cat >"$dir/slurm.conf" <<CONF
# written by .ci/slurm/start.sh; state in $dir
ClusterName=nhssim-ci
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/socket/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdParameters=config_overrides
InactiveLimit=0
KillWait=5
MailProg=/bin/true
NodeName=$node NodeHostname=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf

# background NAME CMD...: start CMD in its own session, record its pid.
background() {
  local name=$1
  shift
  setsid "$@" </dev/null >>"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/pids/$name.pid"
  sleep 0.3
  kill -0 "$(cat "$dir/pids/$name.pid")" 2>/dev/null || fail "$name exited at once"
  say "started $name (pid $(cat "$dir/pids/$name.pid"))"
}

# 4. munge with its own key and socket, then the two Slurm daemons.
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
background munged munged --foreground --socket="$dir/socket/munge.socket" \
  --key-file="$dir/munge/munge.key" --pid-file="$dir/run/munged.pid" \
  --seed-file="$dir/munge/seed"
for _ in $(seq 50); do [ -S "$dir/socket/munge.socket" ] && break; sleep 0.1; done
munge -n -S "$dir/socket/munge.socket" | unmunge -S "$dir/socket/munge.socket" >/dev/null ||
  fail "munge cannot decode its own credential"

background slurmctld slurmctld -D -f "$SLURM_CONF"
for _ in $(seq 100); do
  scontrol ping 2>/dev/null | grep -q UP && break
  sleep 0.2
done
scontrol ping 2>/dev/null | grep -q UP || fail "slurmctld does not answer"
background slurmd slurmd -D -f "$SLURM_CONF" -N "$node"

# 5. Wait until the node takes jobs.
deadline=$(($(date +%s) + timeout))
until [ "$(sinfo -h -N -n "$node" -o %T 2>/dev/null)" = idle ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "node $node not idle after ${timeout}s (state: $(sinfo -h -N -o '%T %E' 2>/dev/null))"
  for f in "$dir"/pids/*.pid; do
    kill -0 "$(cat "$f")" 2>/dev/null || fail "$(basename "$f" .pid) died"
  done
  sleep 0.5
done
say "node $node idle ($(slurmd -V), $cpus CPUs); export SLURM_CONF=$SLURM_CONF"
