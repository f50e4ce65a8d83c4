"""Reading weights back out of the shipped ONNX graphs (int8 ones dequantised), for
the training scripts that continue from the shipped model."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def initializers(*paths: Path) -> dict[str, np.ndarray]:
    """Every initializer of the graphs at ``paths``, by name."""
    import onnx
    from onnx import numpy_helper

    out: dict[str, np.ndarray] = {}
    for path in paths:
        out |= {i.name: numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer}
    return out


def dequantize(w: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    """The fp32 weight that onnxruntime's dynamic quantisation stored as ``prefix`` +
    ``_quantized`` / ``_zero_point`` / ``_scale`` (per tensor or per channel)."""
    q = w[prefix + "_quantized"].astype(np.float32)
    zp = w[prefix + "_zero_point"].astype(np.float32)
    return (q - zp) * w[prefix + "_scale"].astype(np.float32)


def unnamed_matmuls(w: dict[str, np.ndarray]) -> list[str]:
    """The quantised MatMul weights that the export left unnamed (``onnx::MatMul_N``),
    as ``dequantize`` prefixes in graph order (each stored as [in, out])."""
    return sorted(
        (
            k[: -len("_quantized")]
            for k in w
            if k.startswith("onnx::MatMul_") and k.endswith("_quantized")
        ),
        key=lambda k: int(k.split("_")[1]),
    )
