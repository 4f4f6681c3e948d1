"""Static dial-a-ride problem (DARP): instances, exact route scheduling, checker and solver.

Pure Python (numpy, OR-Tools CP-SAT), no Django: services load requests and vehicles, call
`samskap.darp.solve.solve` and save the routes. See docs/darp.md.
"""
