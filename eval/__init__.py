"""Evaluation material and builders; question sets live beside the code that makes them."""
