#!/bin/sh
# The SCALE-Sim v3 runs of v3.csv (python3 as for runall.sh):
#   SCALESIM=/path/to/scale-sim-v3 OUT=/tmp/ss-out sh runall_v3.sh > v3-lines.csv
SCALESIM=${SCALESIM:?set SCALESIM to a scale-sim-v3 checkout}
G="test1:128:256:64 odd_a:100:37:50 odd_b:7:300:9 cube64:64:64:64 scores:128:64:128"
for df in ws os is; do
  for rc in "8 8" "16 16"; do
    for g in $G; do
      SCALESIM_VERSION=3 python3 "$(dirname "$0")/run_scalesim.py" "$SCALESIM" "${OUT:-out}" $rc $df $g
    done
  done
done
