print("clickstreamd: not yet")
