package report

import (
	"slices"

	"gonum.org/v1/plot"
)

// energyStat is one point's workload totals over its ok rows.
type energyStat struct {
	key, dataflow  string
	shape          string  // RxC, its label
	cycles, energy float64 // simulated cycles and energy (µJ), summed over the workload
}

// energyStats sums each point's ok rows; a point with a failed row is
// left out (its totals would not be the workload's).
func energyStats(rows []Row) []energyStat {
	idx := map[string]int{}
	failed := map[string]bool{}
	var stats []energyStat
	for _, r := range rows {
		if r.Status != "ok" {
			failed[r.Point] = true
			continue
		}
		i, ok := idx[r.Point]
		if !ok {
			i = len(stats)
			idx[r.Point] = i
			stats = append(stats, energyStat{key: r.Point, dataflow: r.Dataflow, shape: shape(r)})
		}
		stats[i].cycles += float64(r.Cycles)
		stats[i].energy += r.EnergyPJ / 1e6
	}
	return slices.DeleteFunc(stats, func(s energyStat) bool { return failed[s.key] })
}

// energyPlot plots each point's energy against its cycles over the
// workload, the Pareto front of fast-and-frugal points marked.
func energyPlot(stats []energyStat) (*plot.Plot, error) {
	pts := make([]plotPoint, len(stats))
	for i, s := range stats {
		pts[i] = plotPoint{dataflow: s.dataflow, shape: s.shape, x: s.cycles, y: s.energy}
	}
	return scatterPlot(plotTitles[2], "simulated cycles", "energy (µJ, docs/sweep.md's model)", pts, false)
}
