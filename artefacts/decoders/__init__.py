"""Decoders of binary formats shared by every plugin (typedstream, protobuf, crypto containers ...)."""
