"""The neural spatializer: a flow-matching model of the binaural difference ratio.

Signal model (TAS): mono ``m = l + r`` and difference ``d = l - r``; the ears are
``l = (m + d) / 2``, ``r = (m - d) / 2``, so the output always sums back to the input.
We work on the STFT ``M[f, t]`` of the mono and generate the complex *difference ratio*
``R[f, t] = D / M``. For one static source in free field ``R`` is
``(H_l - H_r) / (H_l + H_r)`` of its direction, whatever it plays; in a mixture each bin
takes the ratio of the source that dominates it, so the model must tell from the audio
which named sound is where (the words select the sounds: TAS's semantic-aware fusion).

Generation is flow matching (rectified flow) on ``x = [Re R, Im R]`` with the network
predicting the clean ``x1`` from ``x_t = (1 - t) x0 + t x1`` (``x0`` Gaussian noise);
the sampler (``sampler.py``) integrates it in a few Euler steps with classifier-free
guidance. ``forward`` returns the training loss.

Network (all 1-D over STFT frames, ``B`` batch, ``T`` frames, ``F`` bins, ``d`` width):

* audio encoder: mel-band log spectrum of the mono ``[B, n_bands, T]`` -> convs -> ``[B, T, d]``
* text: frozen MiniLM token features ``[B, L, 384]`` -> ``[B, L, d]``; SAF: each token
  attends over the audio frames, ``f_at = f_t * (FC(f_a') + f_a')``; frames then cross-attend
  over ``f_at``
* sources (the prompt parser's placement, explicit): per source ``s`` a label embedding
  (pooled MiniLM of its name) plus per-frame position features ``[B, S, T, 6]``; each
  frame attends over the ``S`` source tokens of that frame
* trunk: ``n_layers`` blocks of [time self-attention, text cross-attention, source
  attention, MLP], with a depthwise time conv for locality
* structured head: per source a ratio spectrum from its position and the frame context
  ``R_s[f, t]``, a residual (diffuse) ratio ``R_0``, and per-bin soft assignment of the
  mixture to the sources; ``R = sum_s softmax_s(a)[f, t] R_s[f, t]``
* coherence head (SpatialTAS): given the conditioning, tell ``R`` from the flipped ``-R``
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from engine.neural.config import NeuralConfig


@dataclass
class Conditioning:
    """The model's conditioning for a batch (tensors on one device).

    text        [B, L, text_dim]   MiniLM token features of the prompt (zeros = none)
    text_mask   [B, L] bool        True where a token exists
    labels      [B, S, text_dim]   pooled MiniLM embedding of each source's name
    placement   [B, S, T, P]       per-frame position features of each source
    source_mask [B, S] bool        True where a source exists
    """

    text: torch.Tensor
    text_mask: torch.Tensor
    labels: torch.Tensor
    placement: torch.Tensor
    source_mask: torch.Tensor

    def to(self, device) -> Conditioning:
        return Conditioning(*(getattr(self, k).to(device) for k in self.__dataclass_fields__))

    def trimmed(self) -> Conditioning:
        """The same conditioning without trailing source slots that no example uses (the
        model ignores empty slots, so the output is unchanged; inference is faster)."""
        used = self.source_mask.any(dim=0).nonzero()
        s = max(1, int(used.max()) + 1) if used.numel() else 1
        return Conditioning(
            text=self.text,
            text_mask=self.text_mask,
            labels=self.labels[:, :s],
            placement=self.placement[:, :s],
            source_mask=self.source_mask[:, :s],
        )

    def dropped(self, drop: torch.Tensor) -> Conditioning:
        """Conditioning with examples where ``drop`` [B] is True emptied (for CFG)."""
        keep = ~drop
        return Conditioning(
            text=self.text * keep[:, None, None],
            text_mask=self.text_mask & keep[:, None],
            labels=self.labels * keep[:, None, None],
            placement=self.placement * keep[:, None, None, None],
            source_mask=self.source_mask & keep[:, None],
        )


# ----------------------------------------------------------------------------- front end


def mel_band_matrix(n_bins: int, n_bands: int, sample_rate_hz: int) -> np.ndarray:
    """Triangular mel-spaced bands ``[n_bands, n_bins]`` (rows sum to 1)."""
    freqs = np.linspace(0, sample_rate_hz / 2, n_bins)
    mel = 2595 * np.log10(1 + freqs / 700)
    edges = np.linspace(mel[1], mel[-1], n_bands + 2)
    w = np.zeros((n_bands, n_bins))
    for b in range(n_bands):
        lo, mid, hi = edges[b], edges[b + 1], edges[b + 2]
        w[b] = np.clip(np.minimum((mel - lo) / (mid - lo), (hi - mel) / (hi - mid)), 0, None)
        if w[b].sum() == 0:  # a band narrower than a bin: take the nearest bin
            w[b, np.argmin(np.abs(mel - mid))] = 1.0
    return (w / w.sum(axis=1, keepdims=True)).astype(np.float32)


def log_band_spectrum(bands: torch.Tensor, spec: torch.Tensor) -> torch.Tensor:
    """Band log power ``[B, K, T]`` of STFT ``spec`` ``[B, F, T]`` (complex) through the band
    matrix ``bands`` ``[K, F]``, centred per example and scaled to roughly unit range."""
    power = torch.einsum("kf,bft->bkt", bands, spec.abs() ** 2)
    logp = torch.log10(power + 1e-10)
    return 0.25 * (logp - logp.mean(dim=(1, 2), keepdim=True))


class Stft(nn.Module):
    """STFT / inverse STFT with the config's frame and hop (Hann, centred)."""

    def __init__(self, cfg: NeuralConfig) -> None:
        super().__init__()
        self.n_fft, self.hop = cfg.n_fft, cfg.hop
        self.window: torch.Tensor
        self.register_buffer("window", torch.hann_window(cfg.n_fft), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """[B, n] float -> [B, F, T] complex."""
        return torch.stft(
            x, self.n_fft, self.hop, window=self.window, center=True, return_complex=True
        )

    def inverse(self, spec: torch.Tensor, length: int) -> torch.Tensor:
        """[B, F, T] complex -> [B, length] float."""
        return torch.istft(
            spec, self.n_fft, self.hop, window=self.window, center=True, length=length
        )


def ratio_target(
    mono_spec: torch.Tensor, diff_spec: torch.Tensor, max_ratio: float
) -> torch.Tensor:
    """Regularised ``D / M`` ``[B, F, T]`` complex, magnitude clamped to ``max_ratio``."""
    power = mono_spec.abs() ** 2
    floor = 1e-3 * power.mean(dim=(1, 2), keepdim=True) + 1e-12
    r = diff_spec * mono_spec.conj() / (power + floor)
    mag = r.abs()
    return torch.where(mag > max_ratio, r * (max_ratio / (mag + 1e-12)), r)


def complex_to_x(r: torch.Tensor) -> torch.Tensor:
    """[B, F, T] complex -> [B, T, 2F] real (the flow's state)."""
    return torch.cat([r.real, r.imag], dim=1).transpose(1, 2)


def x_to_complex(x: torch.Tensor) -> torch.Tensor:
    """[B, T, 2F] real -> [B, F, T] complex."""
    re, im = x.transpose(1, 2).chunk(2, dim=1)
    return torch.complex(re.contiguous(), im.contiguous())


# ----------------------------------------------------------------------------- blocks


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """[B] in [0, 1] -> [B, dim] sinusoidal."""
    half = dim // 2
    freqs = torch.exp(-math.log(1000.0) * torch.arange(half, device=t.device) / half)
    args = t[:, None] * 1000.0 * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=-1)


class Attention(nn.Module):
    def __init__(self, d: int, n_heads: int) -> None:
        super().__init__()
        self.n_heads = n_heads
        self.q = nn.Linear(d, d)
        self.kv = nn.Linear(d, 2 * d)
        self.out = nn.Linear(d, d)

    def forward(
        self, x: torch.Tensor, ctx: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """x [N, Tq, d], ctx [N, Tk, d], mask [N, Tk] (True = attend) -> [N, Tq, d]."""
        n, tq, d = x.shape
        h = self.n_heads
        q = self.q(x).view(n, tq, h, d // h).transpose(1, 2)  # [N, h, Tq, dh]
        k, v = (
            self.kv(ctx).view(n, ctx.shape[1], 2, h, d // h).permute(2, 0, 3, 1, 4)
        )  # [N, h, Tk, dh] each
        attn_mask = None
        if mask is not None:
            attn_mask = mask[:, None, None, :]  # [N, 1, 1, Tk]
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
        return self.out(y.transpose(1, 2).reshape(n, tq, d))


class Block(nn.Module):
    """Time self-attention + depthwise conv, text cross-attention, source attention, MLP."""

    def __init__(self, cfg: NeuralConfig) -> None:
        super().__init__()
        d = cfg.d_model
        self.n1, self.n2, self.n3, self.n4 = (nn.LayerNorm(d) for _ in range(4))
        self.self_attn = Attention(d, cfg.n_heads)
        self.conv = nn.Conv1d(d, d, 5, padding=2, groups=d)
        self.text_attn = Attention(d, cfg.n_heads)
        self.src_attn = Attention(d, cfg.n_heads)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, h, text, text_mask, src, src_mask):
        """h [B, T, d]; text [B, L, d]; src [B, S, T, d]; masks [B, L], [B, S]."""
        b, t, d = h.shape
        x = self.n1(h)
        h = h + self.self_attn(x, x) + self.conv(x.transpose(1, 2)).transpose(1, 2)
        # examples without text attend to a zero "null" slot appended to the context
        text_ctx = torch.cat([text, torch.zeros_like(text[:, :1])], dim=1)
        text_m = torch.cat([text_mask, torch.ones_like(text_mask[:, :1])], dim=1)
        h = h + self.text_attn(self.n2(h), text_ctx, text_m)
        # source attention per frame: query [B*T, 1, d] over [B*T, S+1, d]
        s = src.shape[1]
        q = self.n3(h).reshape(b * t, 1, d)
        ctx = torch.cat([src, torch.zeros_like(src[:, :1])], dim=1)  # [B, S+1, T, d]
        ctx = ctx.permute(0, 2, 1, 3).reshape(b * t, s + 1, d)
        m = torch.cat([src_mask, torch.ones_like(src_mask[:, :1])], dim=1)  # [B, S+1]
        m = m[:, None, :].expand(b, t, s + 1).reshape(b * t, s + 1)
        h = h + self.src_attn(q, ctx, m).view(b, t, d)
        return h + self.mlp(self.n4(h))


# ----------------------------------------------------------------------------- model


class SpatialFlow(nn.Module):
    """Flow-matching denoiser of the difference ratio; ``forward`` returns the loss."""

    def __init__(self, cfg: NeuralConfig) -> None:
        super().__init__()
        self.cfg = cfg
        d, nb, f2 = cfg.d_model, cfg.n_bands, 2 * cfg.n_bins
        self.stft = Stft(cfg)
        self.bands: torch.Tensor
        self.register_buffer(
            "bands",
            torch.from_numpy(mel_band_matrix(cfg.n_bins, nb, cfg.sample_rate_hz)),
            persistent=False,
        )
        self.audio_enc = nn.Sequential(
            nn.Conv1d(nb, d, 3, padding=1), nn.GELU(), nn.Conv1d(d, d, 3, padding=1)
        )
        self.x_in = nn.Linear(f2, d)
        self.t_in = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.Linear(d, d))
        # text and SAF
        self.text_in = nn.Linear(cfg.text_dim, d)
        self.saf_fc = nn.Linear(d, d)
        # sources
        self.label_in = nn.Linear(cfg.text_dim, d)
        self.place_in = nn.Sequential(nn.Linear(cfg.placement_dim, d), nn.GELU(), nn.Linear(d, d))
        self.src_saf = nn.Linear(d, d)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        self.norm = nn.LayerNorm(d)
        # structured head
        self.src_ctx = nn.Linear(d, d)
        self.ratio_head = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.Linear(d, f2))
        self.resid_head = nn.Linear(d, f2)
        self.assign_head = nn.Linear(d, cfg.n_bins)
        # coherence classifier: is this ratio the true or the flipped one, given the prompt?
        self.coh_x = nn.Linear(f2, d)
        self.coh_out = nn.Sequential(nn.Linear(2 * d, d), nn.GELU(), nn.Linear(d, 1))

    # -- pieces ------------------------------------------------------------------------
    def audio_features(self, mono_spec: torch.Tensor) -> torch.Tensor:
        """[B, F, T] complex -> log band spectrum [B, n_bands, T], per-example centred."""
        return log_band_spectrum(self.bands, mono_spec)

    def encode(self, mono_spec: torch.Tensor, cond: Conditioning):
        """Everything that does not depend on the flow state (cached across sampler steps)."""
        f_a = self.audio_enc(self.audio_features(mono_spec)).transpose(1, 2)  # [B, T, d]
        d = f_a.shape[-1]
        scale = 1.0 / math.sqrt(d)
        # SAF: text tokens attend over audio frames
        f_t = self.text_in(cond.text)  # [B, L, d]
        f_a_sel = torch.softmax(f_t @ f_a.transpose(1, 2) * scale, dim=-1) @ f_a  # [B, L, d]
        f_at = f_t * (self.saf_fc(f_a_sel) + f_a_sel)
        # sources: label selects audio (SAF again), plus per-frame position
        lab = self.label_in(cond.labels)  # [B, S, d]
        lab_sel = torch.softmax(lab @ f_a.transpose(1, 2) * scale, dim=-1) @ f_a  # [B, S, d]
        lab = lab * (self.src_saf(lab_sel) + lab_sel)
        src = lab[:, :, None, :] + self.place_in(cond.placement)  # [B, S, T, d]
        src = src * cond.source_mask[:, :, None, None]
        return f_a, f_at, src

    def denoise(self, x_t: torch.Tensor, t: torch.Tensor, enc, cond: Conditioning) -> torch.Tensor:
        """Predict the clean state: x_t [B, T, 2F], t [B] -> x1_hat [B, T, 2F]."""
        f_a, f_at, src = enc
        cfg = self.cfg
        h = f_a + self.x_in(x_t) + self.t_in(timestep_embedding(t, cfg.d_model))[:, None, :]
        for block in self.blocks:
            h = block(h, f_at, cond.text_mask, src, cond.source_mask)
        h = self.norm(h)  # [B, T, d]
        # per source ratio spectra from position + frame context
        s_feat = src + self.src_ctx(h)[:, None]  # [B, S, T, d]
        r_src = self.ratio_head(s_feat)  # [B, S, T, 2F]
        r_res = self.resid_head(h)  # [B, T, 2F]
        logits_src = self.assign_head(s_feat * h[:, None])  # [B, S, T, F]
        logits_src = logits_src.masked_fill(~cond.source_mask[:, :, None, None], float("-inf"))
        logits = torch.cat([logits_src, torch.zeros_like(logits_src[:, :1])], dim=1)
        w = torch.softmax(logits, dim=1)  # [B, S+1, T, F]; the last slot is the residual
        b, s, t, _ = r_src.shape
        # the same weight for the real and the imaginary part of a bin
        x1 = (r_src.view(b, s, t, 2, -1) * w[:, :s, :, None, :]).sum(dim=1)
        x1 = x1 + r_res.view(b, t, 2, -1) * w[:, s, :, None, :]
        x1 = x1.reshape(b, t, -1)  # [B, T, 2F]
        lim = cfg.max_ratio
        return lim * torch.tanh(x1 / lim)

    def coherence_logit(self, x: torch.Tensor, weight: torch.Tensor, enc) -> torch.Tensor:
        """x [B, T, 2F] ratio, weight [B, T] frame energy -> [B] logit of "not flipped"."""
        _, f_at, src = enc
        w = weight / (weight.sum(dim=1, keepdim=True) + 1e-9)
        xv = (self.coh_x(x) * w[..., None]).sum(dim=1)  # [B, d]
        cv = src.mean(dim=(1, 2)) + f_at.mean(dim=1)  # [B, d]
        return self.coh_out(torch.cat([xv, cv], dim=-1)).squeeze(-1)

    # -- training ----------------------------------------------------------------------
    def forward(
        self, mono: torch.Tensor, diff: torch.Tensor, cond: Conditioning
    ) -> tuple[torch.Tensor, dict]:
        """mono, diff [B, n] waveforms; returns (loss, parts)."""
        cfg = self.cfg
        m_spec = self.stft(mono)  # [B, F, T]
        d_spec = self.stft(diff)
        x1 = complex_to_x(ratio_target(m_spec, d_spec, cfg.max_ratio))  # [B, T, 2F]
        b = x1.shape[0]
        drop = torch.rand(b, device=x1.device) < cfg.p_uncond
        cond = cond.dropped(drop)
        t = torch.rand(b, device=x1.device)
        x0 = torch.randn_like(x1)
        x_t = (1 - t)[:, None, None] * x0 + t[:, None, None] * x1
        enc = self.encode(m_spec, cond)
        x1_hat = self.denoise(x_t, t, enc, cond)
        # weight bins by compressed mono magnitude (quiet bins carry little)
        mag = m_spec.abs().transpose(1, 2)  # [B, T, F]
        w = mag**0.6
        w = w / (w.mean(dim=(1, 2), keepdim=True) + 1e-9)
        w2 = torch.cat([w, w], dim=-1)
        recon = (w2 * (x1_hat - x1) ** 2).mean()
        # SpatialTAS coherence: classify true vs flipped (-R) given the prompt; and push the
        # prediction to be classified as true. Only examples with conditioning count.
        frame_w = (mag**2).sum(-1)  # [B, T]
        keep = (~drop).float()
        lt = self.coherence_logit(x1, frame_w, enc)
        lf = self.coherence_logit(-x1, frame_w, enc)
        lp = self.coherence_logit(x1_hat, frame_w, enc)
        bce = F.binary_cross_entropy_with_logits
        coh = (
            bce(lt, torch.ones_like(lt), weight=keep)
            + bce(lf, torch.zeros_like(lf), weight=keep)
            + bce(lp, torch.ones_like(lp), weight=keep)
        ) / 3
        loss = recon + cfg.coherence_weight * coh
        with torch.no_grad():
            coh_acc = (((lt > 0).float() + (lf < 0).float()) / 2 * keep).sum() / keep.sum().clamp(
                min=1
            )
        return loss, {"recon": recon.item(), "coh": coh.item(), "coh_acc": coh_acc.item()}

    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())
