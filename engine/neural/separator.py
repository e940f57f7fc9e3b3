"""Text-queried assignment of a mixture's time-frequency bins to the sources it names.

In a mixture the binaural difference ratio of a bin is the ratio of the source that
plays in it: ``D / M = sum_s a_s R_s`` with ``a_s = |M_s|^2 / sum_j |M_j|^2`` the share of
source ``s`` in the bin and ``R_s`` that source's own ratio (its direction). The flow
model (``model.py``) spatializes one placed source very well; this network supplies the
``a_s``: given the mono STFT and the name of each source (pooled MiniLM embedding of its
words, e.g. "violin", "the dog"), it returns a soft mask per source that sums to one in
every bin. The words select the sounds they name: each name modulates (FiLM) the audio
features before the mask is read out, so "dog" and "piano" ask different questions of
the same mixture.

Network (``B`` batch, ``S`` sources, ``T`` frames, ``F`` bins, ``d`` width): mel-band log
spectrum ``[B, sep_bands, T]`` -> shared dilated time convolutions -> per source, name-
conditioned (FiLM) dilated convolutions -> ``F`` logits per frame -> softmax over the
sources. Trained by ``training/train_separator.py`` on simulated KEMAR mixtures against
the true shares (weighted squared error).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from engine.neural.config import NeuralConfig
from engine.neural.model import log_band_spectrum, mel_band_matrix


class _ConvBlock(nn.Module):
    """Residual dilated time convolution, optionally FiLM-modulated: [N, d, T] -> [N, d, T]."""

    def __init__(self, d: int, dilation: int) -> None:
        super().__init__()
        self.norm = nn.GroupNorm(1, d)
        self.conv = nn.Conv1d(d, d, 3, padding=dilation, dilation=dilation)
        self.mix = nn.Conv1d(d, d, 1)

    def forward(self, x: torch.Tensor, film: torch.Tensor | None = None) -> torch.Tensor:
        h = self.norm(x)
        if film is not None:  # [N, 2d]: scale and shift per channel
            gamma, beta = film[:, :, None].chunk(2, dim=1)
            h = h * (1 + gamma) + beta
        return x + self.mix(F.gelu(self.conv(h)))


class LabelSeparator(nn.Module):
    """Per-source soft masks ``[B, S, F, T]`` (sum 1 over existing sources) of a mixture."""

    def __init__(self, cfg: NeuralConfig) -> None:
        super().__init__()
        self.cfg = cfg
        d, nb = cfg.sep_d, cfg.sep_bands
        self.bands: torch.Tensor
        self.register_buffer(
            "bands",
            torch.from_numpy(mel_band_matrix(cfg.n_bins, nb, cfg.sample_rate_hz)),
            persistent=False,
        )
        self.inp = nn.Conv1d(nb, d, 3, padding=1)
        n_shared = cfg.sep_layers // 2
        n_cond = cfg.sep_layers - n_shared
        self.shared = nn.ModuleList(_ConvBlock(d, 2 ** (i % 5)) for i in range(n_shared))
        self.cond = nn.ModuleList(_ConvBlock(d, 2 ** (i % 5)) for i in range(n_cond))
        self.label = nn.Sequential(
            nn.Linear(cfg.text_dim, d), nn.GELU(), nn.Linear(d, 2 * d * n_cond)
        )
        self.out_norm = nn.GroupNorm(1, d)
        self.head = nn.Conv1d(d, cfg.n_bins, 1)

    def logits(self, mono_spec: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """mono_spec [B, F, T] complex, labels [B, S, text_dim] -> logits [B, S, F, T]."""
        b, s = labels.shape[:2]
        h = self.inp(log_band_spectrum(self.bands, mono_spec))  # [B, d, T]
        for blk in self.shared:
            h = blk(h)
        t = h.shape[-1]
        h = h[:, None].expand(b, s, *h.shape[1:]).reshape(b * s, -1, t)  # [B*S, d, T]
        films = self.label(labels.reshape(b * s, -1)).chunk(len(self.cond), dim=-1)
        for blk, film in zip(self.cond, films, strict=True):
            h = blk(h, film)
        out = self.head(F.gelu(self.out_norm(h)))  # [B*S, F, T]
        return out.view(b, s, -1, t)

    def forward(
        self, mono_spec: torch.Tensor, labels: torch.Tensor, source_mask: torch.Tensor
    ) -> torch.Tensor:
        """Masks [B, S, F, T]: softmax over the sources where ``source_mask`` [B, S] is True
        (zero elsewhere); a lone source gets 1 everywhere."""
        logits = self.logits(mono_spec, labels)
        logits = logits.masked_fill(~source_mask[:, :, None, None], float("-inf"))
        masks = torch.softmax(logits, dim=1)
        return torch.nan_to_num(masks, nan=0.0)  # examples without any source

    def loss(
        self,
        mono_spec: torch.Tensor,
        parts_spec: torch.Tensor,
        labels: torch.Tensor,
        source_mask: torch.Tensor,
    ) -> tuple[torch.Tensor, dict]:
        """Weighted squared error of the masks against the true shares.

        parts_spec [B, S, F, T] complex: each source's contribution to the mono sum (zeros
        for missing sources). Bins are weighted by the compressed mixture magnitude.
        Also returns ``swap_acc``: how often the true name order fits better than the
        order reversed (a proxy of prompt adherence on two-source mixtures).
        """
        power = parts_spec.abs() ** 2
        share = power / (power.sum(dim=1, keepdim=True) + 1e-12)
        masks = self(mono_spec, labels, source_mask)
        w = mono_spec.abs() ** 0.6
        w = w / (w.mean(dim=(1, 2), keepdim=True) + 1e-9)  # [B, F, T]
        err = ((masks - share) ** 2 * w[:, None]).sum(dim=1).mean(dim=(1, 2))  # [B]
        with torch.no_grad():
            order = list(range(labels.shape[1]))
            order[:2] = [1, 0]  # the first two names exchanged, shares kept
            swapped = self(mono_spec, labels[:, order], source_mask)
            err_sw = ((swapped - share) ** 2 * w[:, None]).sum(dim=1).mean(dim=(1, 2))
            two = source_mask.sum(1) == 2
            swap_acc = (err[two] < err_sw[two]).float().mean() if two.any() else err.new_tensor(1.0)
        return err.mean(), {"mask_err": err.mean().item(), "swap_acc": swap_acc.item()}

    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())
