"""mufakat: consensus decision-support, from Python.

The driver's commands as functions, each returning what `mufakat COMMAND
--format json` prints, as Python values made by the library's own JSON
writers:

    import mufakat
    mufakat.power(39, [7] * 5 + [1] * 10)["players"][0]["shapley_shubik"]
    mufakat.simulate(rule="consensus,majority", runs=100000, seed=7)

and the objects to script with: Body, Proposal, Consultation (round by
round, or run() with the behaviour model or a stance model in Python),
Scenario, Journal, Game, Simulation. Errors of input raise mufakat.Error.

The extension is made with cffi in API mode (compiled against mufakat.h);
its calls into the library release the GIL, so simulations on threads of
the library run while other Python threads go on.
"""
from ._api import Error, run, check, power, winset, dynamics, predict, \
    simulate, read_journal, read_events, report
from ._objects import Body, Proposal, Consultation, Scenario, Journal, \
    Game, Simulation, name, lookup
from ._mufakat import ffi as _ffi, lib as _lib

__version__ = _ffi.string(_lib.mfk_version()).decode()
__all__ = ["Error", "run", "check", "power", "winset", "dynamics",
           "predict", "simulate", "read_journal", "read_events", "report", "Body",
           "Proposal", "Consultation",
           "Scenario", "Journal", "Game", "Simulation", "name", "lookup"]
