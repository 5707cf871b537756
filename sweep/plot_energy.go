package sweep

import (
	"fmt"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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
			stats = append(stats, energyStat{key: r.Point, dataflow: r.Dataflow, shape: fmt.Sprintf("%dx%d", r.Rows, r.Cols)})
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

// energyPlot plots each point's energy against its cycles over the
// workload, the Pareto front of fast-and-frugal points marked.
func energyPlot(stats []energyStat) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = plotTitles[2]
	p.X.Label.Text = "simulated cycles"
	p.Y.Label.Text = "energy (µJ, docs/sweep.md's model)"
	p.Legend.Top = true
	p.Legend.Left = true
	byDF := map[string]labelled{}
	for _, s := range stats {
		l := byDF[s.dataflow]
		l.xy, l.text = append(l.xy, plotter.XY{X: s.cycles, Y: s.energy}), append(l.text, s.shape)
		byDF[s.dataflow] = l
	}
	var front plotter.XYs
	for _, i := range energyFront(stats) {
		front = append(front, plotter.XY{X: stats[i].cycles, Y: stats[i].energy})
	}
	if err := addScatterFront(p, byDF, front); err != nil {
		return nil, err
	}
	return p, nil
}

// labelled are points with a label each.
type labelled struct {
	xy   plotter.XYs
	text []string
}

// addScatterFront adds to p a labelled scatter of points per dataflow
// (ws, os) and their Pareto front, dashed and ringed.
func addScatterFront(p *plot.Plot, byDF map[string]labelled, front plotter.XYs) error {
	for _, df := range []string{"ws", "os"} {
		pts := byDF[df]
		if len(pts.xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts.xy)
		if err != nil {
			return err
		}
		sc.Color = dfColor[df]
		lb, err := labels(pts.xy, pts.text)
		if err != nil {
			return err
		}
		p.Add(sc, lb)
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
