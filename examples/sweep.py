"""How often does a body adopt, rule by rule, as it grows? A sweep of
the simulation over the number of members, drawn with matplotlib.

    PYTHONPATH=build/python /usr/bin/python3 examples/sweep.py out.png

mufakat.simulate(sweep="members=3:30:10") is `mufakat simulate --sweep
members=3:30:10 --format json`: every point is run on the same seed, so
the curves differ by the number of members alone, and every rule is
consulted on the same drawn proposals. The band is each share's 95%
Wilson interval, as the library gives it.
"""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import mufakat  # noqa: E402

# Without parties or absences, consensus, consensus-minus-x, flexible and
# silence decide alike here: one of them stands for the four.
RULES = ["consensus", "qualified-majority", "majority:0.66", "majority"]
RUNS = 20000


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "sweep.png"
    res = mufakat.simulate(sweep="members=3:30:10", rule=RULES, runs=RUNS,
                           seed=1, face_saving=0.1)
    xs = res["sweep"]["values"]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for j, rule in enumerate(RULES):
        pts = [p["rules"][j]["adopted"] for p in res["points"]]
        line, = ax.plot(xs, [a["share"] for a in pts], marker="o", ms=3,
                        label=rule)
        ax.fill_between(xs, [a["ci95"][0] for a in pts],
                        [a["ci95"][1] for a in pts], alpha=0.2,
                        color=line.get_color())
    ax.set_xlabel("members")
    ax.set_ylabel("share of proposals adopted")
    ax.set_ylim(0, 1)
    ax.set_title("Adoption by rule as the body grows (%d runs a point)"
                 % RUNS)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(path)


if __name__ == "__main__":
    main()
