#!/usr/bin/env python3
"""Writes the tiny .npy fixtures NpyFormatTest reads: every dtype, byte order and memory order it supports,
plus the odd cases (1-D, header versions 2 and 3, an object array, a float64 value beyond float32).
Run from this directory: /usr/bin/python3 make_npy_fixtures.py"""
import numpy as np

SIGNED = [[1, -2, 3], [-4, 5, "max"]]
UNSIGNED = [[1, 2, 3], [4, 5, "max"]]
FLOATS = [[0.5, -1.25, 3.0], [0.125, 2.5, 1024.0]]
BOOLS = [[True, False, True], [False, False, True]]


def values(dtype):
    kind = np.dtype(dtype).kind
    if kind == "f":
        return FLOATS
    if kind == "b":
        return BOOLS
    top = np.iinfo(dtype).max
    rows = SIGNED if kind == "i" else UNSIGNED
    return [[top if v == "max" else v for v in row] for row in rows]


def save(name, array, version=None):
    with open(name, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


for code in ["f2", "f4", "f8", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "b1"]:
    orders = {"|": "na"} if np.dtype(code).itemsize == 1 else {"<": "le", ">": "be"}
    for mark, order_name in orders.items():
        dtype = np.dtype(mark + code if mark != "|" else code)
        for memory in ["C", "F"]:
            array = np.array(values(dtype), dtype=dtype, order=memory)
            save(f"{code}_{order_name}_{memory}.npy", array)

save("vector_1d.npy", np.array([1.5, -2.0, 7.25], dtype="<f4"))
save("version2.npy", np.array(FLOATS, dtype="<f4"), version=(2, 0))
save("version3.npy", np.array(FLOATS, dtype="<f4"), version=(3, 0))
save("overflow_f8.npy", np.array([[1.0, 2.0], [3.0, 1e300]], dtype="<f8"))
with open("object.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([["a", 1]], dtype=object), allow_pickle=True)
