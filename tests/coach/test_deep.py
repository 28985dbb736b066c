"""The deep engine, on the model `make test` builds (it fails here, not skips, in CI)."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from drawcloser import config
from drawcloser.coach import deep, deep_build, engines
from drawcloser.coach.check import check
from drawcloser.coach.text import normalised

HOME = config.data_home()
BUILT = deep.is_built(HOME)

if not BUILT and os.environ.get("DRAWCLOSER_REQUIRE_DEEP"):
    pytest.fail(f"the deep engine is not built in {deep.deep_dir(HOME)}", pytrace=False)
pytestmark = pytest.mark.skipif(not BUILT, reason="the deep engine is not built (make model)")


def test_auto_chooses_deep_when_built() -> None:
    assert engines.status(HOME)[0] == "deep"
    assert engines.get("auto", HOME).name == "deep"
    assert check("hello").engine == "deep"


def test_manifest_records_the_verified_weights_and_export_check() -> None:
    manifest = json.loads((deep.deep_dir(HOME) / "manifest.json").read_text())
    assert manifest["weights_sha256"] == deep.WEIGHTS_SHA256
    assert manifest["onnx_min_cosine"] >= 0.999


def test_graph_outputs_unit_embeddings_and_one_logit_per_label() -> None:
    encoder, heads = deep.load(HOME)
    texts = ["you never listen", "thank you for dinner, love", "ok", "a" * 3000]
    emb, logits = encoder.run(texts)
    assert emb.shape == (4, 384) and logits.shape == (4, len(heads.thresholds))
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-4)
    # Batching and padding do not change a sentence's result.
    alone, _ = encoder.run(texts[:1])
    assert np.allclose(alone[0], emb[0], atol=1e-4)


def test_the_sources_two_openers_with_the_deep_engine() -> None:
    assert "pressure" in {f.label for f in check("Let's work on this.", "deep").push_findings}
    assert "blame" in {f.label for f in check("Why are you doing this to me?", "deep").findings}


def test_report_shape_is_the_same_as_the_fast_engine() -> None:
    text = "I love you. But after everything I've done, you never even say thanks."
    fast, deep_report = check(text, "fast"), check(text, "deep")
    assert fast.to_dict().keys() == deep_report.to_dict().keys()
    assert deep_report.engine == "deep"
    for f in deep_report.findings:
        for e in f.evidence:
            assert text[e.start : e.end] == e.text
        if f.polarity == "push":
            assert 1 <= len(f.alternatives) <= 3


def test_run_time_imports_no_training_libraries() -> None:
    code = (
        "import sys; from drawcloser.coach.check import check; "
        "assert check('you never listen', 'deep').engine == 'deep'; "
        "bad = [m for m in ('torch', 'transformers', 'sklearn', 'sentence_transformers') "
        "if m in sys.modules]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_sentences_probabilities_do_not_depend_on_its_batch() -> None:
    # Activation ranges are fixed when the graph is built (static int8), so neighbours in
    # a batch, and the padding they bring, cannot move a sentence's labels.
    engine = engines.get("deep", HOME)
    sentence = "you never listen to me"
    longer = [
        "I have been waiting all evening for you to call, and you did not even text back.",
        "Thank you so much for dinner last night, it meant a lot that you made time for us.",
        "Why is it always me who has to plan everything, every single weekend, for both of us?",
    ]
    texts = [sentence, *longer]
    fast_p = engine.fast.predict([normalised(t) for t in texts])
    _, alone = engine.run([sentence], fast_p[:1])
    _, together = engine.run(texts, fast_p)
    assert np.allclose(alone[0], together[0], atol=1e-5, rtol=0)


def test_manifest_records_both_precisions_and_the_int8_drift() -> None:
    manifest = json.loads((deep.deep_dir(HOME) / "manifest.json").read_text())
    assert manifest["precision"] in ("int8", "fp32")
    assert {"macro_f1", "false_push"} <= manifest["dev_fp32"].keys() & manifest["dev_int8"].keys()
    if manifest["precision"] == "int8":
        assert manifest["int8_cosine_mean"] >= deep_build.MIN_INT8_MEAN_COSINE
        assert manifest["int8_cosine_min"] >= deep_build.MIN_INT8_COSINE
        loss = manifest["dev_fp32"]["macro_f1"] - manifest["dev_int8"]["macro_f1"]
        assert loss <= deep_build.MAX_INT8_LOSS
