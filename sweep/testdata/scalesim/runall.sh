#!/bin/sh
# One SCALE-Sim run per (dataflow, array, GEMM), cheapest first.
SCALESIM=${SCALESIM:?set SCALESIM to a scale-sim-v2 checkout}
G="test1:128:256:64 odd_a:100:37:50 odd_b:7:300:9 cube64:64:64:64 scores:128:64:128 cb2a_1:3136:64:64"
for df in ws os is; do
  for rc in "8 8" "16 16" "4 12" "32 8"; do
    for g in $G; do
      python3 "$(dirname "$0")/run_scalesim.py" "$SCALESIM" "${OUT:-out}" $rc $df $g
    done
  done
done
for df in os ws is; do for g in ib5b_2:25:4608:512 fc6:1:2048:1000; do python3 "$(dirname "$0")/run_scalesim.py" "$SCALESIM" "${OUT:-out}" 16 16 $df $g; done; done
