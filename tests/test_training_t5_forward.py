"""The lean T5 training forward computes what transformers' T5 computes: logits and gradients."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("transformers", reason="training needs torch and transformers")

import torch  # noqa: E402
from transformers import BartConfig, BartForConditionalGeneration, T5Config, T5ForConditionalGeneration  # noqa: E402
from transformers.models.t5.modeling_t5 import T5Attention  # noqa: E402

from training.t5_forward import T5TrainForward, relative_buckets, supports  # noqa: E402


def _t5(**overrides: object) -> T5ForConditionalGeneration:
    torch.manual_seed(1)
    fields = dict(vocab_size=50, d_model=32, d_kv=8, d_ff=64, num_layers=3, num_decoder_layers=2, num_heads=4,
                  dropout_rate=0.0, feed_forward_proj="relu", pad_token_id=0, eos_token_id=1,
                  decoder_start_token_id=0, tie_word_embeddings=True, relative_attention_num_buckets=8,
                  relative_attention_max_distance=20)
    fields.update(overrides)
    return T5ForConditionalGeneration(T5Config(**fields)).double()


def _batch() -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(2)
    src = torch.randint(2, 50, (3, 40), generator=gen)   # longer than max_distance: log buckets
    src[1, 25:] = 0
    src[2, 9:] = 0
    dec = torch.randint(2, 50, (3, 30), generator=gen)
    return src, dec


@pytest.mark.parametrize("bidirectional", [True, False])
def test_buckets_are_transformers_buckets(bidirectional: bool) -> None:
    q, k = torch.arange(45)[:, None], torch.arange(45)[None, :]
    expected = T5Attention._relative_position_bucket(k - q, bidirectional=bidirectional, num_buckets=32,
                                                     max_distance=128)
    got = relative_buckets(45, 45, bidirectional, 32, 128, torch.device("cpu"))
    assert torch.equal(got, expected)


@pytest.mark.parametrize("sdpa", [False, True])
def test_logits_and_gradients_match_transformers(sdpa: bool) -> None:
    src, dec = _batch()
    ours_model, ref_model = _t5(), _t5()
    ref_model.load_state_dict(ours_model.state_dict())
    mask = (src == 0).double().mul(-1e9)[:, None, None, :]
    ours = T5TrainForward(ours_model, sdpa=sdpa)(src, mask, dec)
    ref = ref_model(input_ids=src, attention_mask=(src != 0), decoder_input_ids=dec).logits
    keep = (src != 0).any(1)
    torch.testing.assert_close(ours[keep], ref[keep], rtol=1e-9, atol=1e-9)
    weights = torch.randn_like(ref)
    (ours * weights).sum().backward()
    (ref * weights).sum().backward()
    for (name, a), b in zip(ours_model.named_parameters(), ref_model.parameters()):
        torch.testing.assert_close(a.grad, b.grad, rtol=1e-7, atol=1e-9, msg=name)


def test_dropout_applies_in_training_only() -> None:
    model = _t5(dropout_rate=0.3)
    src, dec = _batch()
    mask = (src == 0).double().mul(-1e9)[:, None, None, :]
    forward = T5TrainForward(model)
    model.eval()
    assert torch.equal(forward(src, mask, dec), forward(src, mask, dec))
    model.train()
    assert not torch.equal(forward(src, mask, dec), forward(src, mask, dec))


def test_only_relu_t5_qualifies() -> None:
    assert supports(_t5())
    assert not supports(_t5(feed_forward_proj="gated-gelu"))
    bart = BartForConditionalGeneration(BartConfig(vocab_size=50, d_model=16, encoder_layers=1, decoder_layers=1,
                                                   encoder_attention_heads=2, decoder_attention_heads=2,
                                                   encoder_ffn_dim=32, decoder_ffn_dim=32))
    assert not supports(bart)
    with pytest.raises(ValueError):
        T5TrainForward(bart)


# dynamo itself reads .grad of a non-leaf while tracing (a warning, an error under our filters)
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:The .grad attribute of a Tensor that is not a leaf")
@pytest.mark.skipif(shutil.which("c++") is None, reason="torch.compile on CPU needs a C++ compiler")
def test_compiled_forward_matches_eager_across_shapes() -> None:
    """``compile()`` (``[train] compile``) computes the same logits and gradients, for batches
    of other shapes than the first too (dynamic shapes, no wrong specialisation)."""
    eager_model, compiled_model = _t5(num_layers=1, num_decoder_layers=1), _t5(num_layers=1, num_decoder_layers=1)
    compiled_model.load_state_dict(eager_model.state_dict())
    compiled = T5TrainForward(compiled_model)
    compiled.compile()
    eager = T5TrainForward(eager_model)
    src, dec = _batch()
    for rows, s_len, t_len in [(3, 40, 30), (2, 17, 9)]:
        s, d = src[:rows, :s_len], dec[:rows, :t_len]
        mask = (s == 0).double().mul(-1e9)[:, None, None, :]
        got, want = compiled(s, mask, d), eager(s, mask, d)
        # the norms' variance is float32 (as in T5) and fused code sums it in another order
        torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-5)
        weights = torch.randn_like(want)
        (got * weights).sum().backward()
        (want * weights).sum().backward()
        for (name, a), b in zip(compiled_model.named_parameters(), eager_model.parameters()):
            torch.testing.assert_close(a.grad, b.grad, rtol=1e-4, atol=1e-5, msg=name)
        compiled_model.zero_grad()
        eager_model.zero_grad()


def test_training_export_and_static_step_share_one_decoder() -> None:
    """engines.arch.t5 is the one decoder: teacher-forced training logits equal the exported
    several-token step's (past cache empty) and, token by token, the static step's. Decoding
    keeps the position-bias table and the exported softmax in fp32, hence fp32 tolerances."""
    from engines.export.modules import CrossKVGraph, T5DecoderSteps, cross_projections
    from engines.sessions.static_step import static_step_for
    model = _t5().eval()
    src, dec = _batch()
    heads, layers = model.config.num_heads, model.config.num_decoder_layers
    forward = T5TrainForward(model)
    with torch.no_grad():
        mask = (src == 0).double().mul(-1e9)[:, None, None, :]
        teacher = forward(src, mask, dec)
        cross = CrossKVGraph(cross_projections(model, "t5"), heads)(forward.encode(src, mask))
        encoder_mask = (src != 0).long()
        empty = torch.zeros(3, heads, 0, model.config.d_kv, dtype=torch.float64)
        steps = T5DecoderSteps(model)(dec, encoder_mask, torch.ones_like(dec), *[empty] * (2 * layers), *cross)
        torch.testing.assert_close(steps[0], teacher, rtol=1e-5, atol=1e-5)
        static = static_step_for(model, "t5")
        self_kv = torch.zeros(2 * layers, 3, heads, 32, model.config.d_kv, dtype=torch.float64)
        self_mask = torch.zeros(3, 32, dtype=torch.long)
        for t in range(dec.shape[1]):
            logprobs = static(dec[:, t:t + 1], torch.zeros(3, dtype=torch.long), torch.tensor([t]), self_kv,
                              self_mask, torch.stack(cross), encoder_mask)
            torch.testing.assert_close(logprobs, torch.log_softmax(teacher[:, t], dim=-1).float(), rtol=1e-5, atol=1e-5)
