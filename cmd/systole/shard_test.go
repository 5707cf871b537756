package main

import (
	"strings"
	"testing"

	"github.com/systole-hdl/systole/sweep/spec"
)

func TestShardFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		env  func(string) string
		want spec.Shard
		ok   bool
	}{
		{env(), spec.Shard{}, false},
		{env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "3"), spec.Shard{I: 2, N: 3}, true},
		{env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MIN", "1"), spec.Shard{I: 2, N: 3}, true},
		{env("JOB_COMPLETION_INDEX", "1", envShardCount, "4"), spec.Shard{I: 1, N: 4}, true},
	} {
		s, ok, err := shardFromEnv(tc.env)
		if err != nil || ok != tc.ok || s != tc.want {
			t.Errorf("shardFromEnv = %v, %v, %v; want %v, %v", s, ok, err, tc.want, tc.ok)
		}
	}
	if _, _, err := shardFromEnv(env("JOB_COMPLETION_INDEX", "1")); err == nil {
		t.Error("JOB_COMPLETION_INDEX without a count: no error")
	}
	// Defect 15: a task ID without a count ran unsharded; an array with a
	// step (0-10:2) gave wrong shard indices.
	for _, tc := range []struct {
		env  func(string) string
		want spec.Shard
		err  string
	}{
		{env: env("SLURM_ARRAY_TASK_ID", "3"), err: "SLURM_ARRAY_TASK_COUNT (the shard count) is not"},
		{env: env("SLURM_ARRAY_TASK_ID", "10", "SLURM_ARRAY_TASK_COUNT", "6", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_STEP", "2"), want: spec.Shard{I: 5, N: 6}},
		{env: env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "2"), want: spec.Shard{I: 2, N: 3}},
		{env: env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "6", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_STEP", "2"), err: "not evenly spaced"},
		{env: env("SLURM_ARRAY_TASK_ID", "8", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MIN", "1"), err: "from Slurm task 8"},
		{env: env("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "3"), err: `SLURM_ARRAY_TASK_ID="x" is not an integer`},
	} {
		s, ok, err := shardFromEnv(tc.env)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("shardFromEnv: %v, %v, %v; want an error with %q", s, ok, err, tc.err)
		case tc.err == "" && (err != nil || !ok || s != tc.want):
			t.Errorf("shardFromEnv = %v, %v, %v; want %v", s, ok, err, tc.want)
		}
	}
}
