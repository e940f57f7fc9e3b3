"""Few-step flow sampler with classifier-free guidance.

Starting from Gaussian noise ``x0`` (seeded), Euler steps along the rectified flow
``dx/dt = (x1_hat - x) / (1 - t)`` at ``t = 0, 1/N, ..., (N-1)/N``; the last step lands on
the model's clean estimate. Guidance: ``x1 = x1_u + g (x1_c - x1_u)`` with ``x1_u`` the
prediction without any conditioning (``g = 1`` is the plain conditional model).
"""

from __future__ import annotations

import torch

from engine.neural.model import Conditioning, SpatialFlow, complex_to_x, x_to_complex


@torch.no_grad()
def sample_ratio(
    model: SpatialFlow,
    mono_spec: torch.Tensor,
    cond: Conditioning,
    *,
    steps: int,
    guidance_scale: float,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Sample the difference ratio ``R`` [B, F, T] complex for mono STFT ``mono_spec`` [B, F, T]."""
    b, n_bins, n_frames = mono_spec.shape
    x = torch.randn((b, n_frames, 2 * n_bins), generator=generator, device="cpu").to(
        mono_spec.device
    )
    guided = guidance_scale != 1.0
    if guided:  # conditional and unconditional in one batch
        drop = torch.cat([torch.zeros(b, dtype=torch.bool), torch.ones(b, dtype=torch.bool)]).to(
            mono_spec.device
        )
        cond2 = Conditioning(
            *(torch.cat([getattr(cond, k)] * 2) for k in cond.__dataclass_fields__)
        ).dropped(drop)
        enc = model.encode(torch.cat([mono_spec] * 2), cond2)
    else:
        cond2 = cond
        enc = model.encode(mono_spec, cond)
    x1_hat = x
    for i in range(steps):
        t = torch.full((b,), i / steps, device=x.device)
        if guided:
            both = model.denoise(torch.cat([x, x]), torch.cat([t, t]), enc, cond2)
            x_c, x_u = both.chunk(2)
            x1_hat = x_u + guidance_scale * (x_c - x_u)
        else:
            x1_hat = model.denoise(x, t, enc, cond2)
        x = x + (x1_hat - x) / (1 - i / steps) * (1 / steps)
    lim = model.cfg.max_ratio
    x1_hat = x1_hat.float()
    mag = x_to_complex(x1_hat).abs()
    r = x_to_complex(x1_hat)
    return torch.where(mag > lim, r * (lim / (mag + 1e-12)), r)


__all__ = ["sample_ratio", "complex_to_x"]
