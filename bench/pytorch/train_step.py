"""The tutorial's two autoencoders and keras.io's denoiser and convolutional VAE in PyTorch, the
baseline of aec's training benchmark.

Trains one model for a fixed number of steps of batch 100 (--batch) on MNIST training images with the
model's optimizer as its aec train block says (the tutorial's: Adadelta, lr 1.0, rho 0.95, eps 1e-7;
keras.io's models: Adam, lr 0.001, eps 1e-7, as Keras) and binary cross-entropy on logits (for the
VAE summed over a sample's pixels, plus the KL term), the same work as aec's step, and prints one
JSON line: samples/s, ms/step, peak resident memory.

Usage: train_step.py MODEL STEPS IMAGES.idx[.gz] [--threads N] [--channels-last] [--warmup N]
                     [--batch N] [--hidden W,W,...]
MODEL is dense, conv, denoiser, vae or stack: a dense autoencoder of relu layers of the --hidden
widths and a 784-wide output, the benchmark's deeper and wider stacks. Run it with Debian's python3-torch and libopenblas0-openmp installed;
without an optimised BLAS Debian's torch is up to 15 times slower and the comparison is worthless.
"""
import argparse
import gzip
import json
import resource
import time

import numpy as np
import torch
from torch import nn



def images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") != 0x803:
        raise SystemExit(f"{path}: not an IDX image file")
    n, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16, count=n * rows * cols)
    return torch.from_numpy(pixels.astype(np.float32) / 255.0).reshape(n, 1, rows, cols)


def dense():
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 784))


def stack(hidden):
    layers, width = [nn.Flatten()], 784
    for out in hidden:
        layers += [nn.Linear(width, out), nn.ReLU()]
        width = out
    return nn.Sequential(*layers, nn.Linear(width, 784))


def conv():
    def c(i, o, padding=1):
        return nn.Conv2d(i, o, 3, padding=padding)
    return nn.Sequential(
        c(1, 16), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        c(16, 8), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        c(8, 8), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        c(8, 8), nn.ReLU(), nn.Upsample(scale_factor=2),
        c(8, 8), nn.ReLU(), nn.Upsample(scale_factor=2),
        c(8, 16, padding=0), nn.ReLU(), nn.Upsample(scale_factor=2),
        c(16, 1))


def denoiser():
    """keras.io's convolutional denoising autoencoder (models/denoising_conv_transpose.aemodel).

    Keras's same-padded Conv2DTranspose(3, strides=2) gives 2x the input; PyTorch's with padding 1
    and output_padding 1 gives the same size and does the same work (it aligns the crop one row
    earlier, which does not change the cost).
    """
    def c(i, o):
        return nn.Conv2d(i, o, 3, padding=1)

    def up(i, o):
        return nn.ConvTranspose2d(i, o, 3, stride=2, padding=1, output_padding=1)
    return nn.Sequential(
        c(1, 32), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        c(32, 32), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        up(32, 32), nn.ReLU(), up(32, 32), nn.ReLU(),
        c(32, 1))


class ConvVae(nn.Module):
    """keras.io's convolutional VAE, latent size 2 (models/vae_conv.aemodel): 69,076 + 65,089
    parameters. Same-padded stride-2 layers pad as the denoiser's do."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(3136, 16), nn.ReLU())
        self.mean = nn.Linear(16, 2)
        self.log_var = nn.Linear(16, 2)
        self.decoder = nn.Sequential(
            nn.Linear(2, 3136), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
            nn.ConvTranspose2d(64, 64, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 3, padding=1))

    def forward(self, x):
        h = self.encoder(x)
        mean, log_var = self.mean(h), self.log_var(h)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        return self.decoder(z), mean, log_var


MODELS = {"dense": dense, "conv": conv, "denoiser": denoiser, "vae": ConvVae}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=sorted(MODELS) + ["stack"])
    parser.add_argument("steps", type=int)
    parser.add_argument("images")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--channels-last", action="store_true")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--hidden", type=lambda text: [int(w) for w in text.split(",")], default=[])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    batch = args.batch
    x_all = images(args.images)[: batch * (args.steps + args.warmup)]
    if x_all.shape[0] < batch * max(args.steps, args.warmup):
        raise SystemExit(f"{args.images} has {x_all.shape[0]} images, fewer than {args.steps} steps of {batch}")
    model = stack(args.hidden) if args.model == "stack" else MODELS[args.model]()
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        x_all = x_all.contiguous(memory_format=torch.channels_last)
    if args.model in ("denoiser", "vae"):
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)
    else:
        optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.95, eps=1e-7)
    loss_fn = nn.BCEWithLogitsLoss()

    sum_loss_fn = nn.BCEWithLogitsLoss(reduction="sum")

    def vae_loss(x):
        logits, mean, log_var = model(x)
        reconstruction = sum_loss_fn(logits, x) / x.shape[0]
        kl = (-0.5 * (1 + log_var - mean.square() - log_var.exp())).sum(dim=1).mean()
        return reconstruction + kl

    def step(x):
        target = x.reshape(x.shape[0], -1) if args.model in ("dense", "stack") else x
        optimizer.zero_grad(set_to_none=True)
        loss = vae_loss(x) if args.model == "vae" else loss_fn(model(x), target)
        loss.backward()
        optimizer.step()
        return loss

    for i in range(args.warmup):
        step(x_all[i * batch:(i + 1) * batch])
    order = torch.randperm(x_all.shape[0], generator=torch.Generator().manual_seed(7))
    start = time.perf_counter()
    for i in range(args.steps):
        step(x_all[order[i * batch:(i + 1) * batch]])
    seconds = time.perf_counter() - start
    print(json.dumps({
        "samples_per_second": batch * args.steps / seconds,
        "ms_per_step": 1000 * seconds / args.steps,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas_core": openblas_core(),
    }))


def openblas_core():
    """The kernels OpenBLAS chose, or that OPENBLAS_CORETYPE forced ("SkylakeX", "Haswell", "Zen")."""
    import ctypes
    with open("/proc/self/maps") as maps:
        paths = [line[line.index("/"):].strip() for line in maps if "/libopenblas" in line and "/" in line]
    if not paths:
        return "not OpenBLAS"
    name = ctypes.CDLL(paths[0]).openblas_get_corename
    name.restype = ctypes.c_char_p
    return name().decode().strip()


if __name__ == "__main__":
    main()
