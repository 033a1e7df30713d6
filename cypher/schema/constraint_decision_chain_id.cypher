CREATE CONSTRAINT decision_chain_id IF NOT EXISTS
FOR (n:DecisionChain) REQUIRE n.id IS UNIQUE
