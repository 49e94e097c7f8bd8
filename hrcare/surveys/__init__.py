"""The caregiving survey (仕事と介護の両立に関する実態把握調査): campaigns, answers, results."""
