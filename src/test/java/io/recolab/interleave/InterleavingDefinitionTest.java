package io.recolab.interleave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.Design;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.InvalidDefinition;
import io.recolab.experiment.SharedItems;
import org.junit.jupiter.api.Test;

class InterleavingDefinitionTest {
    static final String TWO = """
            {"key":"il","design":"interleaving","treatments":[{"name":"A","weight":1,"recommender":"item-to-item"},
             {"name":"B","weight":1,"recommender":"bestseller"}]}""";

    @Test
    void designDefaultsToAbAndAnAbDefinitionIsWrittenAsBefore() {
        ExperimentDefinition ab = DefinitionJson.parse(TWO.replace("\"design\":\"interleaving\",", ""));
        assertThat(ab.design()).isEqualTo(Design.AB);
        assertThat(DefinitionJson.write(ab)).doesNotContain("design");
        ExperimentDefinition explicit = DefinitionJson.parse(TWO.replace("interleaving", "ab"));
        assertThat(explicit).isEqualTo(ab);
    }

    @Test
    void interleavingRoundTrips() {
        ExperimentDefinition d = DefinitionJson.parse(TWO);
        assertThat(d.isInterleaving()).isTrue();
        assertThat(DefinitionJson.write(d)).contains("\"design\":\"interleaving\"");
        assertThat(DefinitionJson.parse(DefinitionJson.write(d))).isEqualTo(d);
        assertThat(d.withSalt("other").design()).isEqualTo(Design.INTERLEAVING);
    }

    @Test
    void sharedItemsDefaultsToPickerAndNeutralRoundTrips() {
        ExperimentDefinition picker = DefinitionJson.parse(TWO);
        assertThat(picker.sharedItems()).isEqualTo(SharedItems.PICKER);
        assertThat(DefinitionJson.write(picker)).doesNotContain("sharedItems"); // written as before the field existed
        assertThat(DefinitionJson.parse(TWO.replace("{\"key\"", "{\"sharedItems\":\"picker\",\"key\""))).isEqualTo(picker);
        ExperimentDefinition neutral = DefinitionJson.parse(TWO.replace("{\"key\"", "{\"sharedItems\":\"neutral\",\"key\""));
        assertThat(neutral.sharedItems()).isEqualTo(SharedItems.NEUTRAL);
        assertThat(DefinitionJson.write(neutral)).contains("\"sharedItems\":\"neutral\"");
        assertThat(DefinitionJson.parse(DefinitionJson.write(neutral))).isEqualTo(neutral);
        assertThat(neutral.withSalt("other").sharedItems()).isEqualTo(SharedItems.NEUTRAL);
        assertThat(DefinitionJson.parse(TWO.replace("\"design\":\"interleaving\",", "")).sharedItems()).isNull();
    }

    @Test
    void refusalsNameTheField() {
        assertThatThrownBy(() -> DefinitionJson.parse(TWO.replace("\"design\":\"interleaving\"", "\"sharedItems\":\"neutral\"")))
                .isInstanceOf(InvalidDefinition.class)
                .hasMessage("sharedItems: applies to design interleaving only, this definition's design is ab");
        assertThatThrownBy(() -> DefinitionJson.parse(TWO.replace("{\"key\"", "{\"sharedItems\":\"none\",\"key\"")))
                .isInstanceOf(InvalidDefinition.class).hasMessage("sharedItems must be one of [picker, neutral], got \"none\"");
        assertThatThrownBy(() -> DefinitionJson.parse(TWO.replace("{\"key\"", "{\"sharedItems\":true,\"key\"")))
                .isInstanceOf(InvalidDefinition.class).hasMessageStartingWith("sharedItems must be a string");
        String three = TWO.replace("}]}", "},{\"name\":\"C\",\"weight\":1,\"recommender\":\"user-based\"}]}");
        assertThatThrownBy(() -> DefinitionJson.parse(three)).isInstanceOf(InvalidDefinition.class)
                .hasMessageStartingWith("treatments: design interleaving compares exactly 2 recommenders, got 3");
        assertThat(DefinitionJson.parse(three.replace("\"design\":\"interleaving\",", "")).treatments()).hasSize(3);
        assertThatThrownBy(() -> DefinitionJson.parse(TWO.replace("bestseller", "item-to-item")))
                .isInstanceOf(InvalidDefinition.class).hasMessageStartingWith("treatments[1].recommender:");
        assertThatThrownBy(() -> DefinitionJson.parse(TWO.replace("\"interleaving\"", "\"team-draft\"")))
                .isInstanceOf(InvalidDefinition.class).hasMessage("design must be one of [ab, interleaving], got \"team-draft\"");
        assertThatThrownBy(() -> DefinitionJson.parse(TWO.replace("\"interleaving\"", "3")))
                .isInstanceOf(InvalidDefinition.class).hasMessageStartingWith("design must be a string");
    }
}
