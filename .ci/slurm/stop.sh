#!/usr/bin/env bash
# .ci/slurm/stop.sh: stop the cluster .ci/slurm/start.sh started.
#
# Cancels any job still on it, then stops each daemon by the process id
# start.sh recorded, after checking that the process is still that program
# (a recycled id is never signalled). Never kills by name. Safe to run twice.
# Environment: NHSSIM_SLURM_DIR (default /tmp/nhssim-slurm).
set -uo pipefail

dir=${NHSSIM_SLURM_DIR:-/tmp/nhssim-slurm}
export SLURM_CONF=$dir/slurm.conf
say() { printf 'slurm/stop: %s\n' "$*"; }
rc=0

[ -d "$dir/pids" ] || { say "nothing to stop ($dir/pids does not exist)"; exit 0; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

if alive "$(cat "$dir/pids/slurmctld.pid" 2>/dev/null)"; then
  jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    say "cancelling jobs $jobs"
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
    for _ in $(seq 20); do [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.5; done
  fi
fi

for name in slurmd slurmctld munged; do
  f=$dir/pids/$name.pid
  [ -s "$f" ] || continue
  pid=$(cat "$f")
  if ! alive "$pid"; then
    rm -f "$f"
    continue
  fi
  exe=$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)")
  case "$exe" in
  "$name" | "$name-wlm") ;; # Debian installs slurmd and slurmctld as *-wlm
  *)
    say "pid $pid is now $exe, not $name: left alone"
    rm -f "$f"
    rc=1
    continue
    ;;
  esac
  kill -TERM "$pid"
  for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    say "$name (pid $pid) ignored SIGTERM: SIGKILL"
    kill -KILL "$pid"
    sleep 0.3
  fi
  if alive "$pid"; then
    say "$name (pid $pid) is still running"
    rc=1
  else
    say "stopped $name (pid $pid)"
    rm -f "$f"
  fi
done
exit "$rc"
