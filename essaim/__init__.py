"""Essaim: capitalising and spreading local social-action practices."""
