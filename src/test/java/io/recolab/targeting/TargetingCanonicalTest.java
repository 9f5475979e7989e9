package io.recolab.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** One condition however its numbers are written: what the UI's ramp sends back (JavaScript writes 18.0 as 18). */
class TargetingCanonicalTest {
    @Test
    void integralDoublesAndExponentsEqualTheirIntegers() {
        assertEquals(Targeting.parse("{\"age\": {\"gte\": 18}}"), Targeting.parse("{\"age\": {\"gte\": 18.0}}"));
        assertEquals(Targeting.parse("{\"v\": {\"lt\": 1000}}"), Targeting.parse("{\"v\": {\"lt\": 1e3}}"));
        assertEquals(Targeting.parse("{\"v\": {\"in\": [0, 2.5]}}"), Targeting.parse("{\"v\": {\"in\": [-0, 2.50]}}"));
        assertNotEquals(Targeting.parse("{\"v\": {\"lt\": 1000}}"), Targeting.parse("{\"v\": {\"lt\": 1001}}"));
        assertNotEquals(Targeting.parse("{\"v\": {\"eq\": 1}}"), Targeting.parse("{\"v\": {\"eq\": \"1\"}}"));
    }
}
