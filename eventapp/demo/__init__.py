"""The demo event: the workshop eventapp was first built for."""
