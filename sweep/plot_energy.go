package sweep

import (
	"fmt"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// energyStat is one point's workload totals over its ok rows.
type energyStat struct {
	key, dataflow  string
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
			stats = append(stats, energyStat{key: r.Point, dataflow: r.Dataflow})
		}
		stats[i].cycles += float64(r.Cycles)
		stats[i].energy += r.EnergyPJ / 1e6
	}
	return slices.DeleteFunc(stats, func(s energyStat) bool { return failed[s.key] })
}

// energyFront returns the indices of the points no other point beats on
// both cycles and energy (both smaller), by increasing cycles.
func energyFront(stats []energyStat) []int {
	var front []int
	for i, p := range stats {
		dominated := false
		for j, q := range stats {
			if j != i && q.cycles <= p.cycles && q.energy <= p.energy && (q.cycles < p.cycles || q.energy < p.energy) {
				dominated = true
				break
			}
		}
		if !dominated {
			front = append(front, i)
		}
	}
	slices.SortFunc(front, func(a, b int) int { return cmpF(stats[a].cycles, stats[b].cycles) })
	return front
}

// writeEnergyPlot writes energy.svg: each point's energy against its
// cycles over the workload, the Pareto front of fast-and-frugal points
// marked.
func writeEnergyPlot(dir string, rows []Row) error {
	stats := energyStats(rows)
	p := plot.New()
	p.Title.Text = "Energy against cycles over the workload (Pareto front marked)"
	p.X.Label.Text = "simulated cycles"
	p.Y.Label.Text = "energy (µJ, docs/sweep.md's model)"
	p.Legend.Top = true
	p.Legend.Left = true
	byDF := map[string]plotter.XYs{}
	for _, s := range stats {
		byDF[s.dataflow] = append(byDF[s.dataflow], plotter.XY{X: s.cycles, Y: s.energy})
	}
	var front plotter.XYs
	for _, i := range energyFront(stats) {
		front = append(front, plotter.XY{X: stats[i].cycles, Y: stats[i].energy})
	}
	if err := addScatterFront(p, byDF, front); err != nil {
		return err
	}
	if err := p.Save(6*vg.Inch, 4*vg.Inch, filepath.Join(dir, "energy.svg")); err != nil {
		return fmt.Errorf("sweep: plot: %w", err)
	}
	return nil
}

// addScatterFront adds to p a scatter of points per dataflow (ws, os)
// and their Pareto front, dashed and ringed.
func addScatterFront(p *plot.Plot, byDF map[string]plotter.XYs, front plotter.XYs) error {
	for _, df := range []string{"ws", "os"} {
		if len(byDF[df]) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(byDF[df])
		if err != nil {
			return err
		}
		sc.Color = dfColor[df]
		p.Add(sc)
		p.Legend.Add(df, sc)
	}
	if len(front) == 0 {
		return nil
	}
	l, pts, err := plotter.NewLinePoints(front)
	if err != nil {
		return err
	}
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
	pts.Shape = draw.RingGlyph{}
	pts.Radius = vg.Points(5)
	p.Add(l, pts)
	p.Legend.Add("Pareto front", l, pts)
	return nil
}
