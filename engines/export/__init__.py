"""Export HuggingFace seq2seq checkpoints to the model directory format (needs torch).

Nothing in the runtime imports this package.
"""
