package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/systole-hdl/systole/sweep/spec"
)

// envShardCount names the variable that gives the shard count next to a
// Kubernetes Indexed Job's JOB_COMPLETION_INDEX (Kubernetes has no
// variable of its own for it).
const envShardCount = "SYSTOLE_SHARDS"

// shardFromEnv picks the shard of a Slurm job array task or a Kubernetes
// Indexed Job pod; ok is false outside both. A Slurm task's shard is its
// place in the array, (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) /
// SLURM_ARRAY_TASK_STEP, of SLURM_ARRAY_TASK_COUNT (an array 0-10:2 has 6
// shards); an array whose IDs are not evenly spaced (1,3,8) is an error,
// as --shard must say. A Kubernetes pod's is JOB_COMPLETION_INDEX of
// SYSTOLE_SHARDS. An index without its count is an error under both.
func shardFromEnv(getenv func(string) string) (s spec.Shard, ok bool, err error) {
	num := func(name string, def int) (int, error) {
		v := getenv(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, fmt.Errorf("sweep: %s=%q is not an integer", name, v)
		}
		return n, nil
	}
	if getenv("SLURM_ARRAY_TASK_ID") != "" {
		if getenv("SLURM_ARRAY_TASK_COUNT") == "" {
			return spec.Shard{}, false, errors.New("sweep: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT (the shard count) is not; give --shard i/n")
		}
		id, e1 := num("SLURM_ARRAY_TASK_ID", 0)
		n, e2 := num("SLURM_ARRAY_TASK_COUNT", 0)
		lo, e3 := num("SLURM_ARRAY_TASK_MIN", 0)
		step, e4 := num("SLURM_ARRAY_TASK_STEP", 1)
		if err := errors.Join(e1, e2, e3, e4); err != nil {
			return spec.Shard{}, false, err
		}
		if step < 1 || id < lo || (id-lo)%step != 0 {
			return spec.Shard{}, false, fmt.Errorf("sweep: Slurm task %d is not at min %d plus a multiple of step %d: the array's IDs are not evenly spaced; give --shard i/n", id, lo, step)
		}
		s, err = spec.ParseShard(fmt.Sprintf("%d/%d", (id-lo)/step, n))
		if err != nil {
			return spec.Shard{}, false, fmt.Errorf("%w (from Slurm task %d, min %d, step %d, count %d)", err, id, lo, step, n)
		}
		return s, true, nil
	}
	if getenv("JOB_COMPLETION_INDEX") == "" {
		return spec.Shard{}, false, nil
	}
	if getenv(envShardCount) == "" {
		return spec.Shard{}, false, fmt.Errorf("sweep: JOB_COMPLETION_INDEX is set but %s (the shard count) is not", envShardCount)
	}
	i, e1 := num("JOB_COMPLETION_INDEX", 0)
	n, e2 := num(envShardCount, 0)
	if err := errors.Join(e1, e2); err != nil {
		return spec.Shard{}, false, err
	}
	s, err = spec.ParseShard(fmt.Sprintf("%d/%d", i, n))
	return s, err == nil, err
}
