print("clickctl: not yet")
