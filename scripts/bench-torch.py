#!/usr/bin/env python3
"""The SPARC training step in plain PyTorch, written from docs/METHOD.md, for a side-by-side timing.

The step a researcher writes from the method: input scaling, dense encode, torch.topk (Global: on the
summed logits; Local: per stream), scatter of the ReLU'd kept logits into a dense code, dense decode
into every stream, NMSE self + lambda * cross + alpha * AuxK (no latent is dead in a timed step, so
AuxK's decode is its pre-bias, as in SPARC-J's no-dead step), backward, decoder renormalisation and
gradient projection, torch.optim.Adam. CPU, 2 threads by default, random unit-norm inputs.

Usage: scripts/bench-torch.py [--steps 5] [--warmup 2] [--latents 8192] [--k 64] [--batch 256]
       [--dims 768,1024,768] [--only GLOBAL,LOCAL] [--threads 2]
Prints one line per mode: "torch <MODE> s/step <seconds> samples/s <n>" (bin/sparc bench
--against-torch reads these lines). Needs torch: python3 -m venv .venv-torch &&
.venv-torch/bin/pip install torch (the PyPI wheel is several GB).
"""
import argparse
import time

import torch


def nmse(xhat, x):
    return ((xhat - x) ** 2).sum(1).div(x.pow(2).sum(1)).mean()


class Sparc(torch.nn.Module):
    def __init__(self, dims, latents):
        super().__init__()
        self.enc = torch.nn.ParameterList()
        self.dec = torch.nn.ParameterList()
        self.b_lat = torch.nn.ParameterList()
        self.b_pre = torch.nn.ParameterList()
        for d in dims:
            w = torch.empty(d, latents).uniform_(-1 / d ** 0.5, 1 / d ** 0.5)
            self.enc.append(torch.nn.Parameter(w))
            dec = w.t().clone()
            self.dec.append(torch.nn.Parameter(dec / dec.norm(dim=1, keepdim=True)))
            self.b_lat.append(torch.nn.Parameter(torch.zeros(latents)))
            self.b_pre.append(torch.nn.Parameter(torch.zeros(d)))

    def loss(self, xs, k, mode, lam, alpha):
        m = len(xs)
        h = [(x - bp) @ w + bl for x, w, bl, bp in zip(xs, self.enc, self.b_lat, self.b_pre)]
        if mode == "GLOBAL":
            idx = torch.stack(h).sum(0).topk(k, dim=1).indices
            idxs = [idx] * m
        else:
            idxs = [hs.topk(k, dim=1).indices for hs in h]
        z = [torch.zeros_like(hs).scatter(1, i, torch.relu(hs.gather(1, i))) for hs, i in zip(h, idxs)]
        self_terms, cross_terms, aux_terms = [], [], []
        for s in range(m):
            for t in range(m):
                xhat = z[s] @ self.dec[t] + self.b_pre[t]
                (self_terms if s == t else cross_terms).append(nmse(xhat, xs[t]))
                if s == t:
                    # AuxK with no dead latent: the masked code is 0, its decode the pre-bias
                    e = xs[s] - xhat.detach() + self.b_pre[s].detach()
                    aux_terms.append(nmse(self.b_pre[s].expand_as(e), e))
        total = sum(self_terms) / m + alpha * sum(aux_terms) / m
        if m > 1:
            total = total + lam * sum(cross_terms) / (m * (m - 1))
        return total


def step(model, opt, xs, k, mode):
    opt.zero_grad(set_to_none=True)
    loss = model.loss(xs, k, mode, 1.0, 1 / 32)
    loss.backward()
    with torch.no_grad():
        for w in model.dec:  # decoder constraint: normalise rows, then project their gradients
            w.div_(w.norm(dim=1, keepdim=True) + 1e-8)
            w.grad.sub_((w.grad * w).sum(1, keepdim=True) * w)
    opt.step()
    return loss


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--latents", type=int, default=8192)
    p.add_argument("--k", type=int, default=64)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--dims", default="768,1024,768")
    p.add_argument("--only", default="GLOBAL,LOCAL")
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dims = [int(d) for d in a.dims.split(",")]
    xs = [torch.randn(a.batch, d) for d in dims]
    xs = [x / (x.norm(dim=1, keepdim=True) + 1e-8) for x in xs]
    print(f"PyTorch {torch.__version__} training-step timing: M={len(dims)} dims={dims} L={a.latents} k={a.k} "
          f"batch={a.batch}, {a.steps} timed steps after {a.warmup} warm-up, {torch.get_num_threads()} threads", flush=True)
    for mode in a.only.upper().split(","):
        model = Sparc(dims, a.latents)
        opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
        for _ in range(a.warmup):
            step(model, opt, xs, a.k, mode)
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step(model, opt, xs, a.k, mode)
        sec = (time.perf_counter() - t0) / a.steps
        print(f"torch {mode} s/step {sec:.4f} samples/s {a.batch / sec:.0f} RssAnon {rss_anon_gb():.2f} GB", flush=True)


def rss_anon_gb():
    """Anonymous resident memory now, GB (Linux); NaN elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


if __name__ == "__main__":
    main()
