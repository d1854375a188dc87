"""Decision notes (rules PS7xx). Filled in with the decision-loop issue."""
