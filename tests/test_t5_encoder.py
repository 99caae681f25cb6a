"""The T5 encoder of engines/arch/t5.py (transformers' arithmetic without host syncs) and the
bucketed encoder of engines/sessions/encoder_graphs.py that the torch session captures as CUDA
graphs: same outputs as transformers, no host sync (what makes it capturable), and padding to a
bucket changes nothing a decoder reads."""

from __future__ import annotations

from typing import Any

import pytest

torch = pytest.importorskip("torch", reason="the torch encoder needs torch")
transformers = pytest.importorskip("transformers", reason="compared with transformers' T5")

from torch.utils._python_dispatch import TorchDispatchMode  # noqa: E402

from engines.arch import t5  # noqa: E402

# aten ops that bring a device value to the host (``.item()``, ``bool(t)``, ``nonzero``): a
# stream that is being captured refuses them
HOST_SYNCS = {"_local_scalar_dense", "is_nonzero", "nonzero", "item", "equal"}


class SyncWatch(TorchDispatchMode):
    def __init__(self) -> None:
        super().__init__()
        self.syncs: list[str] = []

    def __torch_dispatch__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        name = func.overloadpacket.__name__
        if name in HOST_SYNCS:
            self.syncs.append(name)
        return func(*args, **(kwargs or {}))


def _model(ff: str = "relu") -> Any:
    torch.manual_seed(0)
    config = transformers.T5Config(vocab_size=300, d_model=64, d_kv=16, d_ff=128, num_layers=3,
                                   num_decoder_layers=2, num_heads=4, feed_forward_proj=ff, dropout_rate=0.0)
    model = transformers.T5ForConditionalGeneration(config).eval()
    model.config._attn_implementation = "eager"
    return model


def _batch() -> tuple[Any, Any]:
    ids = torch.randint(0, 300, (3, 17), generator=torch.Generator().manual_seed(1))
    mask = torch.ones(3, 17, dtype=torch.long)
    mask[1, 11:] = 0
    mask[2, 5:] = 0
    return ids, mask


@pytest.mark.parametrize("ff", ["relu", "gated-gelu"])
def test_the_encoder_computes_what_transformers_computes(ff: str) -> None:
    model = _model(ff)
    ids, mask = _batch()
    with torch.no_grad():
        expected = model.get_encoder()(input_ids=ids, attention_mask=mask).last_hidden_state
        got = t5.encode(model.get_encoder(), ids, mask, model.config.num_heads)
    used = mask.bool()
    assert got.shape == expected.shape
    torch.testing.assert_close(got[used], expected[used], rtol=1e-5, atol=1e-5)


def test_the_encoder_asks_the_device_nothing() -> None:
    model = _model()
    ids, mask = _batch()
    with torch.no_grad():
        with SyncWatch() as ours:
            t5.encode(model.get_encoder(), ids, mask, model.config.num_heads)
        with SyncWatch() as watch_works:
            bool(mask.any())                    # what the watch exists to see
    assert ours.syncs == []
    assert watch_works.syncs


def test_the_fp16_guard_clamps_on_the_device() -> None:
    h = torch.tensor([[1.0, float("inf")], [-float("inf"), 2.0]], dtype=torch.float16)
    with SyncWatch() as watch:
        clamped = t5._clamp_half(h)
    top = torch.finfo(torch.float16).max
    assert watch.syncs == []
    assert torch.isfinite(clamped).all()
    assert float(clamped.max()) == pytest.approx(top - 1000, abs=32)      # fp16 spacing near 65,504
    assert torch.equal(t5._clamp_half(h.float()), h.float())               # only half precision


def _graphs(model: Any, capture: bool = False) -> Any:
    from engines.export import modules
    from engines.sessions.encoder_graphs import EncoderGraphs
    cross = modules.CrossKVGraph(modules.cross_projections(model, "t5"), model.config.num_heads)
    encoder, heads = model.get_encoder(), model.config.num_heads
    device = torch.device("cuda" if capture else "cpu")

    def run(ids: Any, mask: Any) -> Any:
        return torch.stack(cross(t5.encode(encoder, ids, mask, heads)))
    return EncoderGraphs(run, device, capture=capture), run


def test_a_padded_bucket_gives_the_cross_keys_and_values_of_the_plain_encoder() -> None:
    model = _model()
    graphs, plain = _graphs(model)
    ids, mask = _batch()                                         # 3 rows x 17 columns -> bucket 4 x 32
    with torch.no_grad():
        got = graphs(ids.numpy(), mask.numpy())
        expected = plain(ids, mask)
        used = mask.bool()[None, :, None, :]                     # the columns a decoder reads
        assert got.shape == expected.shape
        torch.testing.assert_close(got.masked_fill(~used[..., None], 0), expected.masked_fill(~used[..., None], 0),
                                   rtol=1e-5, atol=1e-5)
        bigger = torch.randint(0, 300, (5, 40))                  # grows the output buffer
        torch.testing.assert_close(graphs(bigger.numpy(), torch.ones_like(bigger).numpy()),
                                   plain(bigger, torch.ones_like(bigger)), rtol=1e-5, atol=1e-5)
        again = graphs(ids.numpy(), mask.numpy())                # a smaller shape after the growth
        torch.testing.assert_close(again, got)


def test_a_result_is_not_overwritten_by_the_next_call() -> None:
    model = _model()
    graphs, _ = _graphs(model)
    ids, mask = _batch()
    with torch.no_grad():
        first = graphs(ids.numpy(), mask.numpy())
        kept = first.clone()
        graphs(torch.randint(0, 300, (3, 17)).numpy(), mask.numpy())
    assert torch.equal(first, kept)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA graphs need a CUDA GPU")
def test_captured_encoder_graphs_replay_what_the_eager_encoder_computes() -> None:
    model = _model().cuda()
    graphs, plain = _graphs(model, capture=True)
    ids, mask = _batch()
    with torch.no_grad():
        assert graphs.warm_up([1, 4], [32]) == 2
        got = graphs(ids.numpy(), mask.numpy())
        expected = plain(ids.cuda(), mask.cuda())
    used = mask.cuda().bool()[None, :, None, :, None]
    torch.testing.assert_close(got.masked_fill(~used, 0), expected.masked_fill(~used, 0), rtol=1e-4, atol=1e-4)
    stats = graphs.stats
    assert (stats.graphs, stats.failures, stats.eager_steps) == (2, 0, 0)
