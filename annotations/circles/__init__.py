"""Reading circles: their writes (``services``), the reads of a circle's pages
(``queries``) and its activity stream (``activity``). The models are in
``annotations.models.circles``; who may do what in ``annotations.permissions``.
"""
