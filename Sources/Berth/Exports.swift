@_exported import BerthMIP
