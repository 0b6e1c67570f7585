#!/usr/bin/env bash
# A private single-node SLURM cluster (slurmctld + slurmd on this machine, 127.0.0.1) for integration tests.
#
#   .ci/slurm-single-node.sh start  DIR   start it (or find it running); print "export SLURM_CONF=DIR/slurm.conf"
#   .ci/slurm-single-node.sh status DIR   exit 0 if it is running and its node answers
#   .ci/slurm-single-node.sh stop   DIR   stop the daemons started in DIR (TERM, then KILL after 10 s)
#
# Everything lives in DIR: slurm.conf, state, spool, logs, pid files (and munge's key and socket if munge is
# used). Nothing in /etc, /var or /run is written, and the ports are free ones picked at start, so a
# system SLURM, if any, is untouched. Clients reach the cluster with SLURM_CONF=DIR/slurm.conf.
# start and stop are idempotent. Tested with Debian 12's slurm-wlm 22.05 (see docs/slurm.md).
#
# Authentication: auth/none + cred/none where those plugins are installed (22.05 has them; no daemon needed, fine
# for a private cluster on 127.0.0.1), else a private munged with its own key. SLURM_CI_AUTH=munge forces munge.
# SLURM_CI_START_TIMEOUT: seconds start waits for the node to become idle (default 60).
#
# Exit codes: 0 ok; 1 failed (the reason and the end of the daemon's log on stderr); 2 usage;
# 3 SLURM (or, for munge, munged) is not installed; 4 (status) not running.
set -euo pipefail

die() { echo "slurm-single-node: error: $*" >&2; exit 1; }
usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
action=$1
[ -n "$2" ] || usage
case "$action" in start | stop | status) ;; *) usage ;; esac
if [ ! -d "$2" ]; then
  case "$action" in
  stop) echo "slurm-single-node: no cluster in $2 (no such directory)" >&2; exit 0 ;;
  status) echo "slurm-single-node: not running in $2 (no such directory)" >&2; exit 4 ;;
  esac
  mkdir -p "$2" || die "cannot create $2"
fi
dir=$(cd "$2" && pwd -P)
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"
# the daemons live in sbin, which a non-root PATH may lack
export PATH="$PATH:/usr/sbin:/usr/local/sbin:/sbin"
timeout_s=${SLURM_CI_START_TIMEOUT:-60}

need() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || { echo "slurm-single-node: $c is not installed (not on PATH)" >&2; exit 3; }
  done
}

alive() { # alive PIDFILE: the process named in PIDFILE runs
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

stop_one() { # stop_one PIDFILE NAME
  local pid i
  alive "$1" || { rm -f "$1"; return 0; }
  pid=$(cat "$1")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$1"; return 0; }
    sleep 0.1
  done
  echo "slurm-single-node: $2 (pid $pid) did not stop in 10 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
}

node_state() { # the node's state as sinfo prints it (idle, mix, alloc, down*, ...), empty if none
  [ -f "$dir/node" ] || return 0
  timeout 5 sinfo -h -n "$(cat "$dir/node")" -o %T 2>/dev/null | head -n 1 || true
}

running() { alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid"; }

free_port() { # a TCP port on 127.0.0.1 nobody listens on, from 20000-59999, not in "$@"
  local p i
  for i in $(seq 1 200); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    [[ " $* " == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "found no free TCP port"
}

plugin_dir() { # the directory holding SLURM's plugins
  local d
  for d in /usr/lib/x86_64-linux-gnu/slurm-wlm /usr/lib/aarch64-linux-gnu/slurm-wlm /usr/lib/*/slurm-wlm \
      /usr/lib64/slurm /usr/lib/slurm /usr/local/lib/slurm /usr/local/lib64/slurm; do
    if [ -f "$d/auth_munge.so" ] || [ -f "$d/auth_none.so" ]; then
      echo "$d"
      return 0
    fi
  done
}

start_munge() {
  need munged mungekey munge unmunge
  local m="$dir/munge"
  mkdir -p "$m"
  chmod 0755 "$m"
  [ -s "$m/munge.key" ] || mungekey --create --keyfile="$m/munge.key" || die "mungekey could not create $m/munge.key"
  chmod 0600 "$m/munge.key"
  if ! alive "$m/munged.pid"; then
    munged --socket="$m/munge.sock" --key-file="$m/munge.key" --pid-file="$m/munged.pid" \
      --log-file="$m/munged.log" --seed-file="$m/munged.seed" >/dev/null 2>&1 || {
      tail -n 5 "$m/munged.log" >&2 2>/dev/null || true
      die "munged did not start (it needs every directory above $m to be searchable by all: chmod o+x)"
    }
  fi
  munge -S "$m/munge.sock" -n | unmunge -S "$m/munge.sock" >/dev/null 2>&1 || die "munge does not answer on $m/munge.sock"
}

write_conf() { # write_conf AUTH
  local host cpus ctld_port slurmd_port
  host=$(hostname -s 2>/dev/null || hostname)
  [ -n "$host" ] || die "this machine has no host name"
  cpus=$(slurmd -C 2>/dev/null | sed -n 's/.*CPUs=\([0-9][0-9]*\).*/\1/p' | head -n 1)
  [ -n "$cpus" ] || cpus=$(nproc)
  ctld_port=$(free_port)
  slurmd_port=$(free_port "$ctld_port")
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  : >"$dir/plugstack.conf"
  echo "$host" >"$dir/node"
  {
    echo "# private single-node cluster written by .ci/slurm-single-node.sh"
    echo "ClusterName=overlapci"
    echo "SlurmctldHost=$host(127.0.0.1)"
    echo "SlurmctldPort=$ctld_port"
    echo "SlurmdPort=$slurmd_port"
    echo "SlurmUser=$(id -un)"
    echo "SlurmdUser=$(id -un)"
    if [ "$1" = munge ]; then
      echo "AuthType=auth/munge"
      echo "CredType=cred/munge"
      echo "AuthInfo=socket=$dir/munge/munge.sock"
    else
      echo "AuthType=auth/none"
      echo "CredType=cred/none"
    fi
    echo "StateSaveLocation=$dir/state"
    echo "SlurmdSpoolDir=$dir/spool"
    echo "SlurmctldPidFile=$dir/slurmctld.pid"
    echo "SlurmdPidFile=$dir/slurmd.pid"
    echo "SlurmctldLogFile=$dir/log/slurmctld.log"
    echo "SlurmdLogFile=$dir/log/slurmd.log"
    echo "PlugStackConfig=$dir/plugstack.conf"
    # no cgroups (containers rarely delegate them), no accounting database, no MPI
    echo "ProctrackType=proctrack/linuxproc"
    echo "TaskPlugin=task/none"
    echo "JobAcctGatherType=jobacct_gather/none"
    echo "AccountingStorageType=accounting_storage/none"
    echo "JobCompType=jobcomp/none"
    echo "MpiDefault=none"
    echo "SelectType=select/cons_tres"
    echo "SelectTypeParameters=CR_CPU"
    echo "ReturnToService=2"
    echo "MailProg=/bin/true"
    # sbatch --wait polls every 2 s only while 2 s >= MinJobAge/2; with the default (300 s) it waits 2, 8, then
    # 32 s between polls, so a 15 s job returned after 42 s
    echo "MinJobAge=4"
    echo "NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN"
    echo "PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP"
  } >"$conf.tmp"
  mv "$conf.tmp" "$conf"
}

fail_start() {
  local f
  for f in "$dir/log/slurmctld.log" "$dir/log/slurmd.log"; do
    if [ -f "$f" ]; then
      echo "--- last lines of $f:" >&2
      tail -n 8 "$f" >&2
    fi
  done
  stop_all
  die "$*"
}

stop_all() {
  local i
  # cancel the cluster's jobs first: without cgroups, stopping slurmd would leave them running
  if alive "$dir/slurmctld.pid" && [ -f "$conf" ]; then
    timeout 10 scancel -u "$(id -un)" >/dev/null 2>&1 || true
    for i in $(seq 1 50); do
      [ -z "$(timeout 5 squeue -h -o %i 2>/dev/null || true)" ] && break
      sleep 0.2
    done
  fi
  stop_one "$dir/slurmd.pid" slurmd
  stop_one "$dir/slurmctld.pid" slurmctld
  stop_one "$dir/munge/munged.pid" munged
}

case "$action" in
stop)
  stop_all
  echo "slurm-single-node: stopped the cluster in $dir" >&2
  ;;
status)
  need sinfo
  if running && [ "$(node_state)" != "" ]; then
    echo "slurm-single-node: running in $dir, node $(cat "$dir/node") $(node_state)" >&2
  else
    echo "slurm-single-node: not running in $dir" >&2
    exit 4
  fi
  ;;
start)
  need slurmctld slurmd sinfo sbatch scontrol
  t0=$(date +%s%N)
  if running && [[ "$(node_state)" =~ ^(idle|mix|alloc|allocated|completing)$ ]]; then
    echo "slurm-single-node: already running in $dir" >&2
  else
    stop_all
    auth=${SLURM_CI_AUTH:-}
    if [ -z "$auth" ]; then
      pd=$(plugin_dir)
      if [ -n "$pd" ] && [ -f "$pd/auth_none.so" ] && [ -f "$pd/cred_none.so" ]; then auth=none; else auth=munge; fi
    fi
    [ "$auth" = none ] || [ "$auth" = munge ] || die "SLURM_CI_AUTH must be none or munge (got $auth)"
    if [ "$auth" = munge ]; then start_munge; fi
    write_conf "$auth"
    rm -rf "${dir:?}/state/"* "${dir:?}/spool/"*
    slurmctld -c -f "$conf" >"$dir/log/slurmctld.out" 2>&1 || fail_start "slurmctld did not start (see $dir/log)"
    slurmd -f "$conf" >"$dir/log/slurmd.out" 2>&1 || fail_start "slurmd did not start (see $dir/log)"
    deadline=$((SECONDS + timeout_s))
    state=""
    while :; do
      state=$(node_state)
      [ "$state" = idle ] && break
      alive "$dir/slurmctld.pid" || fail_start "slurmctld exited while starting"
      alive "$dir/slurmd.pid" || fail_start "slurmd exited while starting"
      [ "$SECONDS" -lt "$deadline" ] || fail_start "the node was not idle after $timeout_s s (state: ${state:-none})"
      sleep 0.2
    done
    echo "slurm-single-node: started in $dir ($auth authentication, node $(cat "$dir/node"), $(( ($(date +%s%N) - t0) / 1000000 )) ms)" >&2
  fi
  echo "export SLURM_CONF=$conf"
  ;;
esac
