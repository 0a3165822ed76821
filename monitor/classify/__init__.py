"""Classification: which items report a communication between the US and Chinese presidents.

`Classifier.load(path)` reads and validates the rule file once; `classify(doc, now)`
is pure and explains every decision with evidence.
"""

from monitor.classify.engine import Classifier

__all__ = ["Classifier"]
