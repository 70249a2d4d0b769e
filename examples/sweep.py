"""How often does a body adopt, rule by rule, as it grows? A sweep of
simulations over the number of members, drawn with matplotlib.

    PYTHONPATH=build/python /usr/bin/python3 examples/sweep.py out.png

Each point is one mufakat.simulate() of the same seed: every rule is
consulted on the same drawn proposals, so the curves are compared run by
run. The band is each share's 95% Wilson interval, as the library gives it.
"""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import mufakat  # noqa: E402

# Without parties or absences, consensus, consensus-minus-x, flexible and
# silence decide alike here: one of them stands for the four.
RULES = ["consensus", "qualified-majority", "majority:0.66", "majority"]


def sweep(sizes, runs=20000, seed=1):
    """{rule: [(members, share, lo, hi), ...]} over the body's sizes."""
    out = {r: [] for r in RULES}
    for n in sizes:
        res = mufakat.simulate(members=n, rule=RULES, runs=runs, seed=seed,
                               concession=0.05)
        for r in res["rules"]:
            a = r["adopted"]
            out[r["rule"]].append((n, a["share"], a["ci95"][0],
                                   a["ci95"][1]))
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "sweep.png"
    sizes = list(range(3, 31, 3))
    data = sweep(sizes)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for rule, pts in data.items():
        xs = [p[0] for p in pts]
        ax.plot(xs, [p[1] for p in pts], marker="o", ms=3, label=rule)
        ax.fill_between(xs, [p[2] for p in pts], [p[3] for p in pts],
                        alpha=0.2)
    ax.set_xlabel("members")
    ax.set_ylabel("share of proposals adopted")
    ax.set_ylim(0, 1)
    ax.set_title("Adoption by rule as the body grows (20 000 runs a point)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(path)


if __name__ == "__main__":
    main()
