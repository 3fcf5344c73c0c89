"""Executors run independent tasks and give their results back in the tasks' order, with
errors as they were raised, whatever ran them."""

from __future__ import annotations

import os
import pickle

import pytest

from pipeline.errors import InputError
from pipeline.executors import open_executor

# The pool's fork server listens on a Unix socket in the temporary folder.
pytestmark = pytest.mark.block_network(allowed_hosts=[r"/tmp/pymp-.*"])


def _square_in(item: int, slots) -> tuple[int, str, int]:
    with slots:
        return item * item, os.getcwd(), os.getpid()


def _unreadable(item: str, slots) -> None:
    raise InputError(item, "no such file")


@pytest.mark.parametrize("kind, workers", [("local", 1), ("processes", 2)])
def test_results_come_back_in_the_order_of_the_tasks(kind, workers, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_executor(kind, workers=workers, slots=1) as executor:
        results = executor.map(_square_in, list(range(12)))
    assert [r[0] for r in results] == [n * n for n in range(12)]
    assert {r[1] for r in results} == {str(tmp_path)}  # tasks run in the job's folder


def test_an_input_error_in_a_worker_process_is_the_same_one_line_error(tmp_path):
    error = pickle.loads(pickle.dumps(InputError("minutes.pdf", "no such file")))
    assert (error.path, error.problem, str(error)) == (
        "minutes.pdf",
        "no such file",
        "minutes.pdf: no such file",
    )
    with (
        open_executor("processes", workers=2, slots=1) as executor,
        pytest.raises(InputError, match=r"gone\.pdf: no such file"),
    ):
        executor.map(_unreadable, ["gone.pdf", "also-gone.pdf"])
