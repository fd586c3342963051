"""Berth on Ray: what-if sweeps and fleets of clusters as Ray tasks that run the `berth` binary."""

from .driver import run_fleet, run_sweep

__all__ = ["run_sweep", "run_fleet"]
