"""redline's command-line interface: a thin click layer over ``redline.core``.

Commands parse options, call one library function and hand the result to a
renderer in :mod:`redline.cli.render`.
"""
